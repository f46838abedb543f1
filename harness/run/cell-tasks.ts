import { CellSkipped } from '../drivers/cell-skipped.ts';
import { EnvironmentError, UsageError } from '../errors.ts';
import { pauseIfAsked } from './test-pause.ts';

// A scenario cell as named tasks (Playwright's task runner): each step is timed, a failure says
// which step failed, and what a step started is torn down in reverse order by the cell's stack.

export class CellTaskError extends Error {
  override readonly name = 'CellTaskError';
  constructor(readonly task: string, override readonly cause: unknown) {
    super(`${task}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Errors whose class the run acts on (exit code, skip, Ctrl-C): they pass through unwrapped. */
function meansSomethingToTheRun(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || error instanceof EnvironmentError || error instanceof UsageError || error instanceof CellSkipped;
}

export class CellTasks {
  readonly timings: Record<string, number> = {};

  constructor(private readonly signal: AbortSignal, private readonly progress: (message: string) => void = () => {}) {}

  async run<T>(name: string, step: () => Promise<T>, say?: string): Promise<T> {
    if (say) this.progress(say);
    const started = performance.now();
    try {
      await pauseIfAsked(name, this.signal);
      return await step();
    } catch (error) {
      if (meansSomethingToTheRun(error, this.signal)) throw error;
      throw new CellTaskError(name, error);
    } finally {
      this.timings[name] = Math.round(performance.now() - started);
    }
  }
}
