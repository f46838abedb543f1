import type { CommandAction } from '../cli/command-table.ts';
import { EXIT } from '../cli/exit-codes.ts';
import { EnvironmentError } from '../errors.ts';
import type { BenchLine, BenchOptions } from '../bench/bench-line.ts';
import { benchBurstSpread } from '../bench/burst-spread.ts';
import { benchDetectionRate } from '../bench/detection-rate.ts';
import { benchFakeTwilioPurchases } from '../bench/fake-twilio-purchases.ts';
import { gateLaunch } from '../bench/gate-launch.ts';
import { benchGateWall } from '../bench/gate-wall.ts';
import { benchLockComparison } from '../bench/lock-comparison.ts';

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
    ['detection rate', () => benchDetectionRate(options)],
    ['lock comparison', () => benchLockComparison({ ...options, config, signal: context.signal })],
    ['gate wall time', () => benchGateWall({ ...options, seed: config.seed, signal: context.signal })],
  ];
  let broken = 0;
  let environment = 0;
  let failedLines = 0;
  for (const [label, run] of benches) {
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
