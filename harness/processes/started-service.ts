import { EnvironmentError } from '../errors.ts';
import { ChildProcessError, startChildProcess, type StartedProcess } from './child-process.ts';
import { nodeEntry, PACKAGE_ROOT, type EntryName } from './node-entry.ts';

// The one shape of everything a run starts (testcontainers' Started… handles): a named service
// that is used, then disposed, releasing exactly what it created — the database cluster, the fake
// Twilio, the target fleet, the PostgreSQL proxy. And the one mapping from "its process did not
// start" to the environment error a user sees (exit 3), with the last lines it printed.

export interface StartedService extends AsyncDisposable {
  /** What it is, for messages: `embedded PostgreSQL`, `fake Twilio`, `target`, `pg-proxy`. */
  readonly service: string;
}

export interface StartFailure {
  code: string;
  /** What failed to start, as the message begins. */
  what: string;
  fix: string;
  /** How many of its last output lines to show (5 by default). */
  tailLines?: number;
  /** Joined on one line (' | ') or kept as lines. */
  layout?: 'inline' | 'lines';
}

/** A child that did not start becomes an EnvironmentError; anything else is rethrown unchanged. */
export function serviceStartError(error: unknown, failure: StartFailure | ((error: ChildProcessError) => StartFailure)): unknown {
  if (!(error instanceof ChildProcessError)) return error;
  const f = typeof failure === 'function' ? failure(error) : failure;
  const tail = error.output.trim().split('\n').slice(-(f.tailLines ?? 5));
  const output = f.layout === 'lines' ? `. Its last output:\n${tail.join('\n')}` : `: ${tail.join(' | ')}`;
  return new EnvironmentError({ code: f.code, message: `${f.what}${output}`, fix: f.fix, cause: error });
}

/** One of our own entry points as a service child: started, waited for, and its failure mapped. */
export async function startNodeService(options: {
  entry: EntryName;
  name: string;
  args: string[];
  env?: Record<string, string>;
  logFile?: string;
  readyLine: RegExp;
  signal?: AbortSignal;
  failure: (error: ChildProcessError) => StartFailure;
}): Promise<StartedProcess> {
  const { command, args } = nodeEntry(options.entry);
  try {
    return await startChildProcess({
      name: options.name,
      command,
      args: [...args, ...options.args],
      ...(options.env ? { env: options.env } : {}),
      cwd: PACKAGE_ROOT,
      ...(options.logFile ? { logFile: options.logFile } : {}),
      readyLine: options.readyLine,
      readyTimeoutMs: 30_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw serviceStartError(error, options.failure);
  }
}
