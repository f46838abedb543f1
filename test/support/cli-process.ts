import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../harness/processes/node-entry.ts';

// Runs the exactly-one CLI as a user would, in its own process: the compiled one when the tests
// run after `npm run build` (npm test), else through tsx.

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The run said nothing for `quietMs` and was stopped (Ctrl-C, then SIGKILL if that did not end it). */
  stalled: boolean;
}

export interface CliRunOptions {
  env?: NodeJS.ProcessEnv;
  /** false: the child gets `env` only, not this process's environment merged under it (default true). */
  inheritEnv?: boolean;
  /**
   * A run that prints nothing on stdout or stderr for this long is taken as hung: it gets SIGINT (so it
   * cleans up its cluster and children and writes its report), then SIGKILL 30 s later. Not a deadline
   * on the whole run: a run that keeps reporting progress on a slow, shared machine is never cut off;
   * the test's own timeout is the only bound on the whole. Default 150 s.
   */
  quietMs?: number;
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
}

const KILL_GRACE_MS = 30_000;

export function cliArgs(): string[] {
  const compiled = join(PACKAGE_ROOT, 'dist', 'harness', 'cli.js');
  if (process.env.EXACTLY_ONE_CHILD_MODE === 'dist' && existsSync(compiled)) return [compiled];
  return ['--import', import.meta.resolve('tsx'), join(PACKAGE_ROOT, 'harness', 'cli.ts')];
}

export function runExactlyOne(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgs(), ...args], {
      cwd: PACKAGE_ROOT,
      env: options.inheritEnv === false ? { ...options.env } : { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stalled = false;
    let kill: NodeJS.Timeout | undefined;
    const quietMs = options.quietMs ?? 150_000;
    const watchdog = setTimeout(() => {
      stalled = true;
      child.kill('SIGINT');
      kill = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, quietMs);
    const heard = () => {
      if (!stalled) watchdog.refresh();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      heard();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      heard();
      options.onStderr?.(stderr, child);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(watchdog);
      clearTimeout(kill);
      resolve({ code, signal, stdout, stderr, stalled });
    });
  });
}
