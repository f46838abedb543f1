// A test-only hook: EXACTLY_ONE_TEST_PAUSE_AT=<phase> stops the run at the start of that phase,
// says so on stderr, and waits there until the run is interrupted — so interruption tests reach
// every phase deterministically, never by sleeping. Phases are the session's ("start database",
// "start fake Twilio", "write reports") and the cell's named tasks ("start target",
// "drive (chromium)", "settle", …). `<phase>@<n>` pauses the n-th time the phase starts (a later
// cell's), so a test can interrupt a run after an earlier cell has found a violation.

export const TEST_PAUSE_VARIABLE = 'EXACTLY_ONE_TEST_PAUSE_AT';

const reached = new Map<string, number>();

/** Pauses at `phase` if asked; when the run is interrupted there, throws the interruption. */
export async function pauseIfAsked(phase: string, signal: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!(await waitIfAsked(phase, signal, env))) return;
  throw signal.reason;
}

/**
 * Pauses at `phase` if asked and resolves once the run is interrupted there (true), for a phase
 * that goes on after an interruption — writing the reports, which every run does however it ends.
 */
export async function waitIfAsked(phase: string, signal: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const asked = env[TEST_PAUSE_VARIABLE];
  if (!asked || signal.aborted) return false;
  const [name, nth = '1'] = asked.split('@');
  if (name !== phase) return false;
  const count = (reached.get(phase) ?? 0) + 1;
  reached.set(phase, count);
  if (count !== Number(nth)) return false;
  process.stderr.write(`test hook: paused at ${asked}\n`);
  // A timer keeps the process alive while it waits: nothing else may be running yet.
  const alive = setInterval(() => {}, 1_000);
  try {
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  } finally {
    clearInterval(alive);
  }
  return true;
}
