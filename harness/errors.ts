// The errors every part of the harness throws for things a user or a machine can cause.
// Each carries a stable code, the offending value and the fix; the CLI maps them to exit codes
// (docs/cli.md) in one place (harness/cli/exit-codes.ts) and prints them without a stack.

/** Bad usage or configuration: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code: string;
  /** The value that was wrong, as the user gave it (undefined when it was missing). */
  readonly value: unknown;
  /** Where it came from: `--flag`, an `EXACTLY_ONE_*` variable, or the config file path. */
  readonly source: string | undefined;
  /** What to do about it. */
  readonly fix: string;

  constructor(opts: { code: string; message: string; fix: string; value?: unknown; source?: string; cause?: unknown }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = opts.code;
    this.value = opts.value;
    this.source = opts.source;
    this.fix = opts.fix;
  }
}

/** The environment failed (database, Docker, browser, target did not start; a part missing): exit 3. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  readonly code: string;
  readonly fix: string;

  constructor(opts: { code: string; message: string; fix: string; cause?: unknown }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = opts.code;
    this.fix = opts.fix;
  }
}

export function isUsageError(error: unknown): error is UsageError {
  return error instanceof UsageError;
}

export function isEnvironmentError(error: unknown): error is EnvironmentError {
  return error instanceof EnvironmentError;
}
