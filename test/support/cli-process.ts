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
}

export function cliArgs(): string[] {
  const compiled = join(PACKAGE_ROOT, 'dist', 'harness', 'cli.js');
  if (process.env.EXACTLY_ONE_CHILD_MODE === 'dist' && existsSync(compiled)) return [compiled];
  return ['--import', import.meta.resolve('tsx'), join(PACKAGE_ROOT, 'harness', 'cli.ts')];
}

export function runExactlyOne(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgs(), ...args], {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 170_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
