import type { CommandAction } from '../cli/command-table.ts';
import { EXIT } from '../cli/exit-codes.ts';
import { EnvironmentError } from '../errors.ts';
import type { BenchLine, BenchOptions } from '../bench/bench-line.ts';
import { benchBurstSpread } from '../bench/burst-spread.ts';
import { benchDetectionRate } from '../bench/detection-rate.ts';
import { benchFakeTwilioPurchases } from '../bench/fake-twilio-purchases.ts';
import { gateLaunch } from '../bench/gate-launch.ts';
import { benchGateWall } from '../bench/gate-wall.ts';
import { benchInAppSpread } from '../bench/in-app-spread.ts';
import { benchLockComparison } from '../bench/lock-comparison.ts';
import { selectBenches } from '../bench/bench-selection.ts';
import { benchCheckerThroughput } from '../bench/checker-throughput.ts';
import { benchHarnessRss } from '../bench/harness-rss.ts';
import { benchLoadMaxRate } from '../bench/load-max-rate.ts';

// The lines each bench prints, for --only (a bench not listed here is selected by its label).
const LINES: Record<string, readonly string[]> = {
  'fake-twilio purchases': ['fake-twilio.purchases_per_s'],
  'burst spread': ['burst.arrival_spread_ms', 'burst.tightness_ratio'],
  'detection rate': ['detection.rate'],
  'lock comparison': ['lock.throughput_per_s', 'lock.p99_ms'],
  'gate wall time': ['gate.wall_s'],
  'load max rate': ['load.max_rate_per_s'],
  'harness rss': ['load.harness_rss_mb'],
  'checker throughput': ['checker.ops_per_s'],
};

// `npm run bench` (docs/bench.md): one JSON object per line on stdout; progress on stderr. Every
// comparison is measured side by side in the same run, never against a stored number.
// Exit: 0 when every bench measured; 1 when a measured run failed (a line with `failed: true`,
// e.g. a gate that did not pass); 3 when the environment refused (e.g. no build where one was
// asked for, checked before anything runs); 4 when a bench itself broke.
export const bench: CommandAction = async (config, context) => {
  gateLaunch(); // refuses now, not after ten minutes of other benches
  const options: BenchOptions = { quick: Boolean(context.options.quick), progress: (line) => context.stderr(`bench: ${line}\n`) };
  const benches: [string, () => Promise<BenchLine[]>][] = [
    ['fake-twilio purchases', () => benchFakeTwilioPurchases(options)],
    ['burst spread', () => benchBurstSpread({ ...options, signal: context.signal })],
    ['in-app spread', () => benchInAppSpread({ ...options, signal: context.signal })],
    ['detection rate', () => benchDetectionRate(options)],
    ['lock comparison', () => benchLockComparison({ ...options, config, signal: context.signal })],
    ['gate wall time', () => benchGateWall({ ...options, seed: config.seed, signal: context.signal })],
    ['load max rate', () => benchLoadMaxRate({ ...options, signal: context.signal })],
    ['harness rss', () => benchHarnessRss({ ...options, signal: context.signal })],
    ['checker throughput', () => benchCheckerThroughput(options)],
  ];
  const only = typeof context.options.only === 'string' ? context.options.only : undefined;
  const selected = selectBenches(benches.map(([label, run]) => ({ label, lines: LINES[label] ?? [], run })), only);
  let broken = 0;
  let environment = 0;
  let failedLines = 0;
  for (const { label, run } of selected) {
    if (context.signal.aborted) break;
    try {
      for (const line of await run()) {
        if (line.failed === true) failedLines++;
        context.stdout(`${JSON.stringify(line)}\n`);
      }
    } catch (error) {
      if (error instanceof EnvironmentError) environment++;
      else broken++;
      const code = error instanceof EnvironmentError ? ` (${error.code}; fix: ${error.fix})` : '';
      context.stderr(`bench: ${label} failed: ${error instanceof Error ? error.message : String(error)}${code}\n`);
    }
  }
  if (broken > 0) return EXIT.internal;
  if (environment > 0) return EXIT.environment;
  return failedLines > 0 ? EXIT.violation : EXIT.ok;
};
