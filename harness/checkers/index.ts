// Checkers composed over one evidence bundle per cell (invariants, Twilio summary, latency,
// spreads, faults, lock waits, click gaps, attribution). Reports render their findings.
export type { CellEvidence, LockWaits } from './cell-evidence.ts';
export { checkCell, type CellFindings } from './check-cell.ts';
export { checkSafe, compose, type Checked, type Checker } from './check-safe.ts';
export { SKIPPED_BY_USER } from './invariant-checkers.ts';
export { isMeasuredTraffic, latencyPercentiles, spreadSummary } from './traffic-stats.ts';
