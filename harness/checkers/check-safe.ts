// Checkers are values combined with compose (Jepsen's checker/compose); checkSafe turns a checker
// that throws into "unknown" with the reason, never into a crash of the run or into a pass.

export interface Checker<I, T> {
  readonly name: string;
  check(input: I): T;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export function checkSafe<I, T>(checker: Checker<I, T>, input: I): Checked<T> {
  try {
    return { ok: true, value: checker.check(input) };
  } catch (error) {
    return { ok: false, error: `the ${checker.name} checker failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Runs every checker over one input; each result is independent of the others' failures. */
export function compose<I, M extends Record<string, Checker<I, unknown>>>(checkers: M, input: I): { [K in keyof M]: Checked<ReturnType<M[K]['check']>> } {
  const out = {} as { [K in keyof M]: Checked<ReturnType<M[K]['check']>> };
  for (const key of Object.keys(checkers) as (keyof M)[]) out[key] = checkSafe(checkers[key]!, input) as Checked<ReturnType<M[typeof key]['check']>>;
  return out;
}
