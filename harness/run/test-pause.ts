// A test-only hook: EXACTLY_ONE_TEST_PAUSE_AT=<phase> stops the run at the start of that phase,
// says so on stderr, and waits there until the run is interrupted — so interruption tests reach
// every phase deterministically, never by sleeping. Phases are the session's ("start database",
// "start fake Twilio") and the cell's named tasks ("start target", "drive (chromium)", "settle", …).

export const TEST_PAUSE_VARIABLE = 'EXACTLY_ONE_TEST_PAUSE_AT';

export async function pauseIfAsked(phase: string, signal: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env[TEST_PAUSE_VARIABLE] !== phase || signal.aborted) return;
  process.stderr.write(`test hook: paused at ${phase}\n`);
  // A timer keeps the process alive while it waits: nothing else may be running yet.
  const alive = setInterval(() => {}, 1_000);
  try {
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  } finally {
    clearInterval(alive);
  }
  throw signal.reason;
}
