// Ctrl-C, SIGTERM and --timeout, handled once for every command. The first signal aborts the
// command's AbortSignal and runs the registered cleanups in reverse order (the last thing
// started is the first stopped, as Playwright's global teardown does); a second signal forces
// the exit at once. Cleanups also run when the command ends normally or crashes, so nothing a
// run started outlives it.

export type Cleanup = () => unknown;

export interface SignalSource {
  on(event: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface ShutdownOptions {
  /** Where signals come from (process by default; tests pass an EventEmitter). */
  signals?: SignalSource;
  /** Called on the second signal (process.exit by default). */
  forceExit?: (code: number) => void;
  log?: (line: string) => void;
  /** A repeat signal within this many ms of the first is the same Ctrl-C forwarded by a wrapper (default 1 000). */
  duplicateSignalMs?: number;
}

export interface Shutdown extends AsyncDisposable {
  readonly signal: AbortSignal;
  /** Registers a cleanup; returns a function that unregisters it (for resources already released). */
  onShutdown(fn: Cleanup): () => void;
  /** Aborts the signal with this reason (first call wins). */
  abort(reason: unknown): void;
  /** Resolves with the abort reason when the run is interrupted or times out. */
  readonly aborted: Promise<unknown>;
  /** Runs every registered cleanup once, last registered first; errors are logged, not thrown. */
  cleanup(): Promise<void>;
}

const DUPLICATE_SIGNAL_MS = 1_000;

export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(readonly signalName: NodeJS.Signals) {
    super(`interrupted by ${signalName}`);
  }
}

export function createShutdown(options: ShutdownOptions = {}): Shutdown {
  const signals = options.signals ?? process;
  const forceExit = options.forceExit ?? ((code: number) => process.exit(code));
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const controller = new AbortController();
  const cleanups: Cleanup[] = [];
  let resolveAborted!: (reason: unknown) => void;
  const aborted = new Promise<unknown>((resolve) => (resolveAborted = resolve));
  let cleaning: Promise<void> | undefined;

  const abort = (reason: unknown) => {
    if (controller.signal.aborted) return;
    controller.abort(reason);
    resolveAborted(reason);
  };

  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // `npm run` and tsx forward the SIGINT the terminal already sent to the whole process
      // group, so one Ctrl-C can arrive twice within a moment: that is not a second Ctrl-C.
      if (Date.now() - firstSignalAt < (options.duplicateSignalMs ?? DUPLICATE_SIGNAL_MS)) return;
      log(`${signal} again: exiting now, without waiting for cleanup`);
      forceExit(130);
      return;
    }
    firstSignalAt = Date.now();
    log(`${signal}: stopping and cleaning up (press Ctrl-C again to force)`);
    abort(new InterruptedError(signal));
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);

  const cleanup = () => {
    cleaning ??= (async () => {
      while (cleanups.length > 0) {
        const fn = cleanups.pop()!;
        try {
          await fn();
        } catch (error) {
          log(`cleanup failed: ${(error as Error)?.message ?? String(error)}`);
        }
      }
    })();
    return cleaning;
  };

  return {
    signal: controller.signal,
    aborted,
    abort,
    onShutdown(fn) {
      cleanups.push(fn);
      return () => {
        const index = cleanups.lastIndexOf(fn);
        if (index >= 0) cleanups.splice(index, 1);
      };
    },
    cleanup,
    async [Symbol.asyncDispose]() {
      await cleanup();
      signals.off('SIGINT', onSignal);
      signals.off('SIGTERM', onSignal);
    },
  };
}
