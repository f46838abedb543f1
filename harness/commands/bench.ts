import type { CommandAction } from '../cli/command-table.ts';
import { EXIT } from '../cli/exit-codes.ts';
import type { BenchLine, BenchOptions } from '../bench/bench-line.ts';
import { benchBurstSpread } from '../bench/burst-spread.ts';
import { benchDetectionRate } from '../bench/detection-rate.ts';
import { benchFakeTwilioPurchases } from '../bench/fake-twilio-purchases.ts';
import { benchGateWall } from '../bench/gate-wall.ts';
import { benchLockComparison } from '../bench/lock-comparison.ts';

// `npm run bench` (DESIGN §10): one JSON object per line on stdout; progress on stderr. Every
// comparison is measured side by side in the same run, never against a stored number.
export const bench: CommandAction = async (config, context) => {
  const options: BenchOptions = { quick: Boolean(context.options.quick), progress: (line) => context.stderr(`bench: ${line}\n`) };
  const benches: [string, () => Promise<BenchLine[]>][] = [
    ['fake-twilio purchases', () => benchFakeTwilioPurchases(options)],
    ['burst spread', () => benchBurstSpread({ ...options, signal: context.signal })],
    ['detection rate', () => benchDetectionRate(options)],
    ['lock comparison', () => benchLockComparison({ ...options, config, signal: context.signal })],
    ['gate wall time', () => benchGateWall({ ...options, seed: config.seed, signal: context.signal })],
  ];
  let failed = 0;
  for (const [label, run] of benches) {
    if (context.signal.aborted) break;
    try {
      for (const line of await run()) context.stdout(`${JSON.stringify(line)}\n`);
    } catch (error) {
      failed++;
      context.stderr(`bench: ${label} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failed === 0 ? EXIT.ok : EXIT.internal;
};
