// `burst.in_app_spread_ms` (docs/bench.md): how far apart each business's burst arrives inside a
// real target — our app, in the gate's `concurrent-burst` (warm-up, staggered release) against
// `idempotent` and `naive`, read from its X-Arrival-Ns stamps in result.json — beside the
// spread of bursts of the same size at a bare node:http server measured in the same run (the
// engine's last-byte release, burst-spread.ts). `ratio` = in-app p50 / bare p50; goal ≤ 1.5.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cellSpec } from '../commands/scenario-command.ts';
import { CONFIG_DEFAULTS, type RunConfig } from '../config/index.ts';
import { openRunSession } from '../run/run-session.ts';
import type { BenchLine, BenchOptions } from './bench-line.ts';
import { benchBurstSpread } from './burst-spread.ts';

const STRATEGIES = ['idempotent', 'naive'] as const;
const SEED = 11;
export const IN_APP_GOAL_RATIO = 1.5;

export async function benchInAppSpread(opts: BenchOptions & { signal?: AbortSignal }): Promise<BenchLine[]> {
  const reportDir = mkdtempSync(join(tmpdir(), 'exactly-one-in-app-spread-'));
  // The gate's default cell (20 businesses × 5); --quick: 5 businesses.
  const config: RunConfig = { ...CONFIG_DEFAULTS, seed: SEED, reportDir, sources: {}, ...(opts.quick ? { businesses: 5 } : {}) };
  const controller = new AbortController();
  const forward = () => controller.abort();
  opts.signal?.addEventListener('abort', forward, { once: true });
  const cells: { strategy: string; size: number; bursts: number; p50: number; max: number }[] = [];
  try {
    await using session = await openRunSession({
      command: 'bench', argv: [], config, rerun: 'npx exactly-one bench', signal: controller.signal, say: opts.progress ?? (() => {}),
    });
    for (const strategy of STRATEGIES) {
      const { result } = await session.runCell(cellSpec(config, { scenario: 'concurrent-burst', strategy }, SEED));
      const spread = result.burst?.arrivalSpreadMs;
      if (!result.burst || !spread) throw new Error(`in-app spread: concurrent-burst against ${strategy} reported no arrival spread (verdict ${result.verdict})`);
      cells.push({ strategy, size: result.burst.size, bursts: result.burst.bursts, ...spread });
      opts.progress?.(`in-app spread: ${strategy} p50 ${spread.p50} ms, max ${spread.max} ms`);
    }
  } finally {
    opts.signal?.removeEventListener('abort', forward);
    controller.abort();
    rmSync(reportDir, { recursive: true, force: true });
  }
  const sizes = [...new Set(cells.map((c) => c.size))];
  const bare = (await benchBurstSpread({ ...opts, sizes, bursts: Math.max(...cells.map((c) => c.bursts)) }))
    .filter((line) => line.name === 'burst.arrival_spread_ms' && line.method === 'last-byte');
  return cells.map((cell) => {
    const baseline = bare.find((line) => line.size === cell.size);
    const bareP50 = typeof baseline?.p50 === 'number' ? baseline.p50 : null;
    return {
      name: 'burst.in_app_spread_ms',
      value: cell.p50,
      unit: 'ms',
      strategy: cell.strategy,
      scenario: 'concurrent-burst',
      size: cell.size,
      bursts: cell.bursts,
      p50: cell.p50,
      max: cell.max,
      bare_p50: bareP50,
      bare_max: baseline?.max ?? null,
      // spreads are recorded at 1 µs resolution, so a bare p50 is never 0
      ratio: bareP50 === null ? null : Math.round((cell.p50 / Math.max(bareP50, 0.001)) * 100) / 100,
      goal_ratio: IN_APP_GOAL_RATIO,
    };
  });
}
