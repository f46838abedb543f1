import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../processes/node-entry.ts';
import type { BenchLine, BenchOptions } from './bench-line.ts';

// `gate.wall_s` (DESIGN §10; target ≤ 60 s cold on 2 cores, embedded database included): the
// whole `exactly-one gate` as a user runs it, in a fresh process each time. `cold` is the first
// run (new embedded cluster, cold caches), `warm` the next one.

function cliCommand(): string[] {
  const compiled = join(PACKAGE_ROOT, 'dist', 'harness', 'cli.js');
  if (existsSync(compiled)) return [compiled];
  return ['--import', import.meta.resolve('tsx'), join(PACKAGE_ROOT, 'harness', 'cli.ts')];
}

async function timeGate(seed: number, signal: AbortSignal): Promise<{ seconds: number; exitCode: number | null }> {
  const reportDir = mkdtempSync(join(tmpdir(), 'exactly-one-bench-gate-'));
  const started = performance.now();
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [...cliCommand(), 'gate', '--seed', String(seed), '--report-dir', reportDir], {
        cwd: PACKAGE_ROOT, stdio: 'ignore', env: { ...process.env, EXACTLY_ONE_CHILD_MODE: 'dist' },
      });
      const stop = () => child.kill('SIGINT');
      signal.addEventListener('abort', stop, { once: true });
      child.once('error', reject);
      child.once('exit', (code) => {
        signal.removeEventListener('abort', stop);
        resolve(code);
      });
    });
    return { seconds: (performance.now() - started) / 1000, exitCode };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

export async function benchGateWall(opts: BenchOptions & { seed: number; signal: AbortSignal }): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const mode of opts.quick ? ['cold'] : ['cold', 'warm']) {
    opts.progress?.(`gate wall time (${mode})`);
    const { seconds, exitCode } = await timeGate(opts.seed, opts.signal);
    lines.push({ name: 'gate.wall_s', value: Math.round(seconds * 10) / 10, unit: 's', mode, exitCode, cores: (await import('node:os')).availableParallelism() });
  }
  return lines;
}
