import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunConfig } from '../config/index.ts';
import { CleanupStack } from '../processes/cleanup-stack.ts';
import { cellSpec } from '../commands/scenario-command.ts';
import { openRunSession } from '../run/run-session.ts';
import type { BenchLine, BenchOptions } from './bench-line.ts';

// `lock.throughput_per_s` and `lock.p99_ms` (docs/bench.md): db-lock-under-load for row-lock and
// idempotent, side by side in one run (one cluster, one fake), so the ratio is fair on a shared
// machine. row-lock holds a connection and a row lock across the Twilio call; idempotent does not.

export async function benchLockComparison(opts: BenchOptions & { config: RunConfig; signal: AbortSignal }): Promise<BenchLine[]> {
  const businesses = opts.quick ? 40 : 200;
  // The bench keeps its numbers, not a run report: the cells' logs go to a temporary directory.
  const reportDir = mkdtempSync(join(tmpdir(), 'exactly-one-bench-lock-'));
  const config: RunConfig = { ...opts.config, businesses, reportDir };
  const lines: BenchLine[] = [];
  await using cleanup = new CleanupStack();
  cleanup.defer(() => rmSync(reportDir, { recursive: true, force: true }));
  await using session = await openRunSession({
    command: 'bench', argv: ['bench'], config, rerun: 'npx exactly-one bench', signal: opts.signal, say: (line) => opts.progress?.(line),
  });
  for (const strategy of ['row-lock', 'idempotent'] as const) {
    opts.progress?.(`lock comparison: db-lock-under-load against ${strategy} (${businesses} businesses × 3, pool 5)`);
    const outcome = await session.runCell(cellSpec(config, { scenario: 'db-lock-under-load', strategy }, config.seed), opts.progress);
    const r = outcome.result;
    const metrics = r.metrics ?? {};
    const common = { strategy, businesses, verdict: r.verdict, maxLockWaiters: metrics.maxLockWaiters ?? null, meanLockWaiters: metrics.meanLockWaiters ?? null };
    lines.push({ name: 'lock.throughput_per_s', value: metrics.throughputPerS ?? 0, unit: 'requests/s', ...common });
    lines.push({ name: 'lock.p99_ms', value: r.latencyMs.p99, unit: 'ms', p50: r.latencyMs.p50, ...common });
  }
  return lines;
}
