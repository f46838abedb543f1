// `detection.rate` (docs/bench.md): how often one default `concurrent-burst` run (20 businesses × 5
// simultaneous requests) catches a check-then-act whose window is one database round trip.
// The target is test/targets/check-then-act.mjs, run as an external target (`--target-cmd`),
// exactly as a user's app would be: it claims a business with an UPDATE that does not re-check
// the status its SELECT saw, so the only opening is between that SELECT's answer and the UPDATE.
// A run catches it when EXACTLY_ONE_PURCHASE is broken. One database cluster and one fake
// Twilio serve every run (each run gets a fresh database and a reset fake, as cells do).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as hdr from 'hdr-histogram-js';
import { join } from 'node:path';
import { cellSpec } from '../commands/scenario-command.ts';
import { CONFIG_DEFAULTS, shellQuote, type RunConfig } from '../config/index.ts';
import { EnvironmentError } from '../errors.ts';
import { PACKAGE_ROOT } from '../processes/node-entry.ts';
import { openRunSession } from '../run/run-session.ts';
import type { BurstRelease } from '../../model/index.ts';
import type { BenchLine, BenchOptions } from './bench-line.ts';

const FULL_RUNS = 50;
/** Even --quick runs 20 seeds: fewer say little about a rate whose goal is 0.9. */
const QUICK_RUNS = 20;
/** The bench is bounded in time as well as count: past this it reports the runs it finished. */
const DEADLINE_MS = 15 * 60_000;
const SEED = 20_250_613;

/** The planted check-then-act target; it lives in test/, which the published package leaves out. */
export function detectionTargetPath(root: string = PACKAGE_ROOT): string {
  const path = join(root, 'test', 'targets', 'check-then-act.mjs');
  if (!existsSync(path)) {
    throw new EnvironmentError({
      code: 'E_DETECTION_TARGET_MISSING',
      message: `the detection-rate target ${path} is missing (test/ is not part of the published package)`,
      fix: 'run `npm run bench` from a checkout of the exactly-one repository',
    });
  }
  return path;
}

export async function benchDetectionRate(opts: BenchOptions & { runs?: number; burstRelease?: BurstRelease }): Promise<BenchLine[]> {
  const target = detectionTargetPath();
  const runs = opts.runs ?? (opts.quick ? QUICK_RUNS : FULL_RUNS);
  const reportDir = mkdtempSync(join(tmpdir(), 'exactly-one-detection-'));
  const say = opts.progress ?? (() => {});
  const config: RunConfig = {
    ...CONFIG_DEFAULTS,
    seed: SEED,
    targetCmd: `${shellQuote(process.execPath)} ${shellQuote(target)}`,
    reportDir,
    sources: {},
    ...(opts.burstRelease ? { burstRelease: opts.burstRelease } : {}),
  };
  const controller = new AbortController();
  const deadline = Date.now() + DEADLINE_MS;
  let caught = 0;
  let errors = 0;
  let done = 0;
  // How wide the net is, not only whether it caught: businesses with more than one purchase.
  let businesses = 0;
  let businessesCaught = 0;
  // What the runs were, read from their results rather than restated here: a change to the
  // scenario's defaults or to the config then shows in the line instead of contradicting it.
  const seen = { scenario: new Set<string>(), target: new Set<string>(), businesses: new Set<number>(), concurrency: new Set<number>(), release: new Set<string>() };
  const windowP50 = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  let windowMaxMs: number | null = null;
  try {
    await using session = await openRunSession({
      command: 'bench', argv: [], config, rerun: 'npx exactly-one bench', signal: controller.signal, say,
    });
    for (let run = 0; run < runs && Date.now() < deadline; run++) {
      const spec = cellSpec(config, { scenario: 'concurrent-burst', strategy: 'naive' }, SEED + run);
      const { result } = await session.runCell(spec);
      done++;
      if (result.verdict === 'error') errors++;
      const exactlyOne = result.invariants.find((i) => i.code === 'EXACTLY_ONE_PURCHASE');
      if (exactlyOne?.held === false) caught++;
      businesses += result.businesses;
      businessesCaught += new Set(exactlyOne?.violations.map((v) => v.businessId)).size;
      seen.scenario.add(result.name);
      seen.target.add(result.target);
      seen.businesses.add(result.businesses);
      seen.release.add(result.warmUp ? 'staggered' : 'together');
      if (result.burst) seen.concurrency.add(result.burst.size);
      const spread = result.burst?.arrivalSpreadMs;
      if (spread) {
        windowP50.recordValue(Math.max(1, Math.round(spread.p50 * 1000)));
        windowMaxMs = Math.max(windowMaxMs ?? 0, spread.max);
      }
      say(`detection.rate: run ${done}/${runs} ${exactlyOne?.held === false ? 'caught' : 'MISSED'} (${result.twilio.committed} purchases for ${result.businesses} businesses)`);
    }
  } finally {
    controller.abort();
    rmSync(reportDir, { recursive: true, force: true });
  }
  const one = <T>(values: Set<T>): T | T[] | null => (values.size === 0 ? null : values.size === 1 ? [...values][0]! : [...values]);
  const line: BenchLine = {
    name: 'detection.rate',
    value: done === 0 ? 0 : caught / done,
    unit: 'ratio',
    runs: done,
    caught,
    errors,
    // The window the runs opened: how far apart each business's burst arrived at the target
    // (X-Arrival-Ns), median over runs of each run's p50, and the widest burst seen. The planted
    // defect's own window is one database round trip (test/targets/check-then-act.mjs).
    window: windowP50.totalCount === 0 ? null : {
      arrival_spread_p50_ms: Math.round(windowP50.getValueAtPercentile(50)) / 1000,
      arrival_spread_max_ms: windowMaxMs,
      runs: windowP50.totalCount,
    },
    scenario: one(seen.scenario),
    businesses: one(seen.businesses),
    concurrency: one(seen.concurrency),
    burst_release: one(seen.release),
    target: one(seen.target),
    business_rate: businesses === 0 ? 0 : Math.round((businessesCaught / businesses) * 1000) / 1000,
    ...(done < runs ? { incomplete: `deadline reached after ${done} of ${runs} runs` } : {}),
  };
  windowP50.destroy();
  return [line];
}
