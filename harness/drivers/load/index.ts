// The open-model load driver (scenario sustained-load): arrivals by time from k6-style stages, at
// most max-in-flight outstanding (the rest dropped), seeded duplicates, thresholds, HDR latency and
// a bounded per-second series. `loadDriver` is what the cell runner calls.
export { loadDriver, driveLoad, type LoadDriveOptions } from './load-driver.ts';
export type { LoadEvidence } from './load-evidence.ts';
export { arrivalOffsetsMs, arrivalPhaseMs, scheduledArrivals, rateAt } from './arrival-schedule.ts';
export { startOpenModel, type OpenModelOptions, type OpenModelRun, type OpenModelScheduler, type ScheduledArrival } from './open-model-scheduler.ts';
export { evaluateThreshold, evaluateThresholds, failedForGood, type LoadMetrics } from './threshold-check.ts';
export { monotonicClock, type LoadClock } from './load-clock.ts';
export { DUPLICATE_KINDS, planArrival, type ArrivalPlan, type DuplicateKind } from './duplicate-plan.ts';
export { fakeTwilioPurchaseFeed, NO_PURCHASE_FEED, type PurchaseFeed, type PurchaseCounts } from './purchase-feed.ts';
