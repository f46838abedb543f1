import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../processes/node-entry.ts';
import type { BenchLine, BenchOptions } from './bench-line.ts';
import { gateLaunch, type GateLaunch } from './gate-launch.ts';

// `gate.wall_s` (docs/bench.md; target ≤ 60 s cold on 2 cores, embedded database included): the
// whole `exactly-one gate` as a user runs it, in a fresh process each time. `cold` is the first
// run (new embedded cluster, cold caches), `warm` the next one. Only a gate that exited 0 has a
// wall time: a gate that failed says so, with its exit code and the end of its output, and its
// seconds are not reported as if it had passed.

const TAIL_BYTES = 2_000;

interface GateRun {
  seconds: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string;
}

async function timeGate(launch: GateLaunch, seed: number, signal: AbortSignal): Promise<GateRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'exactly-one-bench-gate-'));
  const started = performance.now();
  let stderr = '';
  try {
    const [exitCode, exitSignal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      const child = spawn(process.execPath, [...launch.args, 'gate', '--seed', String(seed), '--report-dir', reportDir], {
        cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: launch.env,
      });
      child.stderr!.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-TAIL_BYTES);
      });
      const stop = () => child.kill('SIGINT');
      signal.addEventListener('abort', stop, { once: true });
      child.once('error', reject);
      child.once('close', (code, sig) => {
        signal.removeEventListener('abort', stop);
        resolve([code, sig]);
      });
    });
    return { seconds: (performance.now() - started) / 1000, exitCode, signal: exitSignal, stderrTail: stderr };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

/** The line for one gate run: a wall time only when the gate passed. */
export function gateLine(mode: string, launch: Pick<GateLaunch, 'runsAs'>, run: GateRun): BenchLine {
  const common = { unit: 's', mode, runs_as: launch.runsAs, exitCode: run.exitCode, cores: availableParallelism() };
  if (run.exitCode === 0) return { name: 'gate.wall_s', value: Math.round(run.seconds * 10) / 10, ...common };
  const how = run.exitCode === null ? `was killed by ${run.signal ?? 'a signal'}` : `exited ${run.exitCode}`;
  const lastLines = run.stderrTail.trim().split('\n').slice(-5).join('\n');
  return { name: 'gate.wall_s', value: null, ...common, failed: true, error: `the gate ${how}, so it has no wall time${lastLines ? `: ${lastLines}` : ''}` };
}

export async function benchGateWall(opts: BenchOptions & { seed: number; signal: AbortSignal }): Promise<BenchLine[]> {
  const launch = gateLaunch();
  const lines: BenchLine[] = [];
  for (const mode of opts.quick ? ['cold'] : ['cold', 'warm']) {
    if (opts.signal.aborted) break;
    opts.progress?.(`gate wall time (${mode}, ${launch.runsAs === 'dist' ? 'compiled dist/' : 'from the sources through tsx'})`);
    lines.push(gateLine(mode, launch, await timeGate(launch, opts.seed, opts.signal)));
  }
  return lines;
}
