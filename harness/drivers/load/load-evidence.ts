import type { LoadResult } from '../../../model/index.ts';

// What the load driver hands the cell: result.json's `load` field as it stands, plus what a report
// needs to say how the arrival phase ended. The thresholds in it are already evaluated.

export interface LoadEvidence extends LoadResult {
  /** The whole profile's arrivals; `due` of them came due before the phase ended or stopped. */
  scheduled: number;
  due: number;
  /** Of `dropped`: no seeded business was ready (seeding fell behind), not max in flight. */
  droppedUnstarted: number;
  peakInFlight: number;
  /** Every load request sent (first attempts and duplicates) and those that were errors. */
  requests: number;
  errors: number;
  errorRate: number;
  /** Arrival phase in ms (the divisor of achievedRatePerS). */
  phaseMs: number;
  /** schedule: ran to its end; signal: Ctrl-C / deadline (then `interrupted`); threshold: --abort-on-fail. */
  stoppedBy: 'schedule' | 'signal' | 'threshold';
  interrupted: boolean;
  /** Requests still outstanding when the bounded drain gave up (the recorder marks them info). */
  undrained: number;
  /** Seeded businesses no arrival used (dropped arrivals' share): the settle step onboards them. */
  unusedBusinesses: number;
}

