import { CommanderError } from 'commander';
import { EnvironmentError, UsageError } from '../errors.ts';

// docs/cli.md's exit codes, and the one place an error becomes one.
export const EXIT = {
  ok: 0,
  violation: 1,
  usage: 2,
  environment: 3,
  internal: 4,
  /** 128 + SIGINT, what shells expect after Ctrl-C. */
  interrupted: 130,
  /** SIGTERM (128 + 15), as a shell reports a process it terminated. */
  terminated: 143,
} as const;

export const ISSUES_HINT = "please report it as an issue of the exactly-one project, with the command you ran, this output with --debug, and the run's report directory";

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof EnvironmentError) return EXIT.environment;
  return EXIT.internal;
}

/** The text printed on stderr for an error: code, message, fix; the stack only with --debug. */
export function formatError(error: unknown, debug: boolean): string {
  const lines: string[] = [];
  if (error instanceof UsageError || error instanceof EnvironmentError) {
    lines.push(`error ${error.code}: ${error.message}`, `  fix: ${error.fix}`);
    if (debug) lines.push(stackOf(error));
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`internal error: ${message}`, `  this is a bug in exactly-one, not in your app; ${ISSUES_HINT}`);
    lines.push(debug ? stackOf(error) : '  (run again with --debug for the stack trace)');
  }
  return `${lines.join('\n')}\n`;
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current) parts.push('caused by:');
  }
  return parts.join('\n');
}
