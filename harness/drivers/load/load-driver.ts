import { setMaxListeners } from 'node:events';
import { seededRandom } from '../../../scenarios/index.ts';
import { loadSettingsOf, type LoadSettings } from '../../config/index.ts';
import type { DriveContext, DriveOutcome, Driver } from '../driver.ts';
import { arrivalPhaseMs, scheduledArrivals } from './arrival-schedule.ts';
import { runIteration } from './arrival-iteration.ts';
import { BusinessPool } from './business-pool.ts';
import { planArrival, type ArrivalPlan } from './duplicate-plan.ts';
import { monotonicClock, type LoadClock } from './load-clock.ts';
import type { LoadEvidence } from './load-evidence.ts';
import { LoadSeries } from './load-series.ts';
import { LoadStats } from './load-stats.ts';
import { startOpenModel, type OpenModelRun } from './open-model-scheduler.ts';
import { progressLine } from './progress-line.ts';
import { fakeTwilioPurchaseFeed, type PurchaseCounts, type PurchaseFeed } from './purchase-feed.ts';
import { evaluateThresholds, failedForGood, type LoadMetrics } from './threshold-check.ts';

// The open-model load driver (scenario sustained-load): seeds ahead, schedules arrivals by time,
// sends each iteration through the cell's recorder, keeps fixed-size statistics, ticks a bounded
// per-second series and a progress line, and returns the `load` evidence. The settle step and the
// seven invariants run afterwards in the cell, over every business it seeded.

export interface LoadDriveOptions {
  clock?: LoadClock;
  feed?: PurchaseFeed;
  /** Series resolution (1 s) and how often a progress line is printed (every 5 ticks). */
  tickMs?: number;
  progressEveryTicks?: number;
  /** How long to wait for in-flight requests after Ctrl-C before returning what there is. */
  interruptDrainMs?: number;
}

export const loadDriver: Driver = {
  name: 'load',
  drive: (context) => driveLoad(context),
};

type LoadDriveContext = Pick<DriveContext, 'history' | 'engine' | 'fleet' | 'plan' | 'requestTimeoutMs' | 'signal' | 'seed' | 'variant' | 'seedBusinesses' | 'progress' | 'live' | 'fake'> & { load?: LoadSettings };

export async function driveLoad(context: LoadDriveContext, options: LoadDriveOptions = {}): Promise<DriveOutcome> {
  const settings = context.load ?? loadSettingsOf({});
  const clock = options.clock ?? monotonicClock;
  const feed = options.feed ?? fakeTwilioPurchaseFeed(context.fake.admin);
  const tickMs = options.tickMs ?? 1_000;
  const totalMs = arrivalPhaseMs(settings.stages);
  const stats = new LoadStats();
  const series = new LoadSeries();
  const peakRate = Math.max(...settings.stages.map((s) => s.target));
  const scheduled = scheduledArrivals(settings.stages);

  const pool = new BusinessPool({ seed: (count) => context.seedBusinesses({ count }), scheduled, lowWater: Math.max(50, Math.ceil(peakRate * 10)) });
  // Seeded before the clock starts, so the first arrivals never wait for fixtures.
  await pool.prime();

  const random = seededRandom((context.seed ^ 0x5eed10ad) >>> 0);
  let planned: ArrivalPlan | null = null;
  let purchases: PurchaseCounts = { committed: 0, violations: 0 };
  const metricsNow = (run?: OpenModelRun): LoadMetrics => {
    const p = stats.percentiles();
    const phaseS = (run?.phaseMs ?? clock.now() - startedMs) / 1000;
    return { ...p, error_rate: stats.errorRate, dropped: scheduler.dropped, achieved_rate: phaseS > 0 ? scheduler.arrivals / phaseS : 0 };
  };

  // Requests in flight are aborted only when an interrupted drain gives up on them; their businesses
  // are then left unjudged, like those no arrival took.
  const inFlightStop = new AbortController();
  // One listener per request in flight (up to --max-in-flight), none of them a leak.
  setMaxListeners(0, inFlightStop.signal);
  const inFlight = new Set<string>();
  const iterationContext = { ...context, inFlightSignal: inFlightStop.signal };

  const startedMs = clock.now();
  // The series' origin on the history's and the ledger's clock, so a report can place purchases on it.
  const startedAtNs = process.hrtime.bigint();
  const scheduler = startOpenModel({
    stages: settings.stages,
    maxInFlight: settings.maxInFlight,
    clock,
    signal: context.signal,
    plan: (arrival) => {
      planned = planArrival(arrival.index, context.variant, settings.duplicates, random);
    },
    start: () => {
      const business = pool.take();
      if (business === undefined || planned === null) return null;
      stats.arrivalsSinceTick += 1;
      inFlight.add(business.id);
      return runIteration(iterationContext, business, planned, stats, clock).finally(() => inFlight.delete(business.id));
    },
    shouldStop: settings.abortOnFail ? () => settings.thresholds.some((t) => failedForGood(t, metricsNow())) : undefined,
  });

  const stopTicks = new AbortController();
  let purchasesAtLastTick = 0;
  let droppedAtLastTick = 0;
  const droppedSinceTick = (): number => { const d = scheduler.dropped - droppedAtLastTick; droppedAtLastTick = scheduler.dropped; return d; };
  const ticker = tick();
  const run = await scheduler.arrivalsDone;
  context.progress(`load: arrivals over after ${(run.phaseMs / 1000).toFixed(1)}s (${run.stoppedBy}): ${run.arrivals} sent, ${run.dropped} dropped of ${run.due} due; waiting for ${scheduler.inFlight} in flight`);
  await pool.settled();
  const interrupted = run.stoppedBy === 'signal';
  // Every request has its own timeout; the bound only matters if one never settles.
  const drained = await scheduler.drained(interrupted ? (options.interruptDrainMs ?? 5_000) : context.requestTimeoutMs + 5_000);
  const undrained = drained ? 0 : scheduler.inFlight;
  const cutOff = [...inFlight];
  if (!drained) {
    inFlightStop.abort();
    await scheduler.drained(1_000);
  }
  stopTicks.abort();
  await ticker;
  context.live?.end();
  purchases = await feed.poll().catch(() => purchases);
  // The drain's last part-second, so the series accounts for every request and purchase.
  const last = stats.takeTick();
  const lastDropped = droppedSinceTick();
  if (last.arrivals + last.completed + lastDropped > 0 || purchases.committed > purchasesAtLastTick) {
    series.add({ ...last, t: round((clock.now() - startedMs) / 1000), inFlight: scheduler.inFlight, purchases: purchases.committed - purchasesAtLastTick, violations: purchases.violations, dropped: lastDropped });
  }

  const metrics = metricsNow(run);
  const thresholds = evaluateThresholds(settings.thresholds, metrics);
  const evidence: LoadEvidence = {
    stages: settings.stages.map((s) => ({ ...s })),
    achievedRatePerS: round(metrics.achieved_rate),
    arrivals: run.arrivals,
    dropped: run.dropped,
    maxInFlight: settings.maxInFlight,
    latencyMs: stats.percentiles(),
    thresholds,
    series: series.snapshot(),
    startedAtNs: String(startedAtNs),
    scheduled: run.scheduled,
    due: run.due,
    droppedUnstarted: run.droppedUnstarted,
    peakInFlight: run.peakInFlight,
    requests: stats.requests,
    errors: stats.errors,
    errorRate: round(stats.errorRate, 4),
    phaseMs: Math.round(run.phaseMs),
    stoppedBy: run.stoppedBy,
    interrupted,
    undrained,
    unusedBusinesses: pool.available,
  };
  if (pool.error) context.progress(`load: seeding more businesses failed (${pool.error.message}); ${run.droppedUnstarted} arrival(s) found none and were counted as dropped`);
  if (run.stoppedBy === 'threshold') context.progress(`load: stopped the arrivals early (--abort-on-fail): ${thresholds.filter((t) => !t.ok).map((t) => t.expression).join(', ')} can no longer hold`);
  return {
    unjudged: [...pool.unused().map((b) => b.id), ...cutOff],
    evidence: {
      driver: 'undici',
      engine: 'undici',
      load: evidence,
      metrics: {
        loadScheduled: run.scheduled, loadDue: run.due, loadPeakInFlight: run.peakInFlight, loadRequests: stats.requests,
        loadErrors: stats.errors, loadDroppedUnstarted: run.droppedUnstarted, loadUnusedBusinesses: pool.available,
      },
    },
  };

  async function tick(): Promise<void> {
    let n = 0;
    // Bounded: one tick per tickMs until the drain ends, and never more than the phase + drain allow.
    const maxTicks = Math.ceil((totalMs + context.requestTimeoutMs + 10_000) / tickMs) + 10;
    while (!stopTicks.signal.aborted && n < maxTicks) {
      await clock.sleepUntil(startedMs + (n + 1) * tickMs, stopTicks.signal);
      if (stopTicks.signal.aborted) return;
      n += 1;
      purchases = await feed.poll().catch(() => purchases);
      const taken = stats.takeTick();
      const before = purchasesAtLastTick;
      purchasesAtLastTick = purchases.committed;
      series.add({ ...taken, t: (n * tickMs) / 1000, inFlight: scheduler.inFlight, purchases: purchases.committed - before, violations: purchases.violations, dropped: droppedSinceTick() });
      // On a terminal a live bar every tick; otherwise a plain line every few ticks.
      const elapsedMs = Math.min(clock.now() - startedMs, totalMs);
      const line = () => progressLine({
        elapsedMs, totalMs, arrivals: scheduler.arrivals, dropped: scheduler.dropped,
        inFlight: scheduler.inFlight, p95Ms: stats.latency.percentile(95), violations: purchases.violations,
      });
      if (context.live) context.live.update(elapsedMs, totalMs, line());
      else if (n % (options.progressEveryTicks ?? 5) === 0) context.progress(line());
    }
  }
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
