// One pass of every checker over a cell's evidence: the seven invariants, the Twilio summary,
// latency, burst spreads, faults, lock waits, click gaps and who each purchase belongs to. Reports
// render these findings and never attribute, filter or compute again.
import type { BurstStats, FaultResult, InvariantResult, ScenarioResult } from '../../model/index.ts';
import { attribute, summariseTwilio } from '../invariants/index.ts';
import type { CellEvidence } from './cell-evidence.ts';
import { checkSafe, compose, type Checked } from './check-safe.ts';
import { accountFaults } from './fault-accounting.ts';
import { checkInvariantsOf, invariantInputOf } from './invariant-checkers.ts';
import { latencyFindings, spreadSummary, type LatencyFindings } from './traffic-stats.ts';

export interface CellFindings {
  invariants: InvariantResult[];
  twilio: ScenarioResult['twilio'];
  latency: LatencyFindings;
  burst: BurstStats | null;
  /** Per-burst spreads as the report draws them (send, and arrival where the target stamped it). */
  spreads: { send: number[]; arrival: (number | null)[] } | null;
  faults: FaultResult[];
  metrics: Record<string, number>;
  /** Ledger purchase seq → the business it is attributed to (null: an orphan), by the invariants' rule. */
  owners: Record<number, string | null>;
  /** Checkers that failed, with the reason (their part of the result is empty, never made up). */
  problems: string[];
}

const EMPTY_TWILIO: ScenarioResult['twilio'] = { purchases: 0, committed: 0, active: 0, released: 0, orphans: 0 };
const NO_LATENCY: LatencyFindings = { percentiles: { p50: 0, p95: 0, p99: 0, max: 0 }, histogram: null };

const checkers = {
  twilio: { name: 'Twilio summary', check: (e: CellEvidence) => summariseTwilio(invariantInputOf(e)) },
  latency: { name: 'latency', check: (e: CellEvidence) => latencyFindings(e.history) },
  burst: { name: 'burst spread', check: burstFindings },
  faults: {
    name: 'fault accounting',
    check: (e: CellEvidence) => accountFaults({
      planned: e.plan.faults, skipped: e.skippedFaults, businessIds: e.businesses.map((b) => b.id), ledger: e.ledger, history: e.history,
      controlLanded: e.driver.controlLanded ?? new Set(),
    }),
  },
  metrics: { name: 'metrics', check: metricsOf },
  owners: {
    name: 'attribution',
    check: (e: CellEvidence) => {
      const ids = new Set(e.businesses.map((b) => b.id));
      return Object.fromEntries(e.ledger.purchases.map((p) => [p.seq, attribute(p, ids).businessId]));
    },
  },
};

export function checkCell(evidence: CellEvidence): CellFindings {
  const invariants = checkSafe({ name: 'invariants', check: checkInvariantsOf }, evidence);
  const found = compose(checkers, evidence);
  const problems = [invariants, ...Object.values(found)].flatMap((c: Checked<unknown>) => (c.ok ? [] : [c.error]));
  const value = <T>(c: Checked<T>, fallback: T): T => (c.ok ? c.value : fallback);
  const burst = value(found.burst, { stats: null, spreads: null });
  return {
    invariants: value(invariants, []),
    twilio: value(found.twilio, EMPTY_TWILIO),
    latency: value(found.latency, NO_LATENCY),
    burst: burst.stats,
    spreads: burst.spreads,
    faults: value(found.faults, []),
    metrics: value(found.metrics, {}),
    owners: value(found.owners, {}),
    problems,
  };
}

function burstFindings(e: CellEvidence): { stats: BurstStats | null; spreads: CellFindings['spreads'] } {
  const spreads = e.driver.spreads ?? [];
  if (e.plan.burstSize === null || spreads.length === 0) return { stats: null, spreads: null };
  const arrivals = spreads.map((s) => s.arrivalSpreadMs);
  return {
    stats: {
      size: e.plan.burstSize,
      bursts: spreads.length,
      sendSpreadMs: spreadSummary(spreads.map((s) => s.sendSpreadMs)),
      arrivalSpreadMs: arrivals.every((a) => a !== null) ? spreadSummary(arrivals as number[]) : null,
    },
    spreads: { send: spreads.map((s) => s.sendSpreadMs), arrival: arrivals },
  };
}

function metricsOf(e: CellEvidence): Record<string, number> {
  const metrics: Record<string, number> = {
    trafficMs: Math.round(e.traffic.ms),
    trafficRequests: e.traffic.requests,
    throughputPerS: e.traffic.ms > 0 ? Math.round((e.traffic.requests / (e.traffic.ms / 1000)) * 100) / 100 : 0,
    settledBusinesses: e.settle.settled,
    ...e.driver.metrics,
  };
  // Click gaps per style (5 presses within ~100 ms), p50 / max in ms.
  for (const style of new Set((e.driver.clicks ?? []).map((c) => c.style))) {
    const gaps = (e.driver.clicks ?? []).filter((c) => c.style === style).flatMap((c) => c.gapsMs);
    if (gaps.length === 0) continue;
    const summary = spreadSummary(gaps);
    metrics[`clickGapP50Ms.${style}`] = summary.p50;
    metrics[`clickGapMaxMs.${style}`] = summary.max;
  }
  if (e.locks) {
    Object.assign(metrics, {
      lockSamples: e.locks.samples, maxLockWaiters: e.locks.maxLockWaiters,
      meanLockWaiters: Math.round(e.locks.meanLockWaiters * 100) / 100, maxActiveSessions: e.locks.maxActiveSessions,
    });
  }
  return metrics;
}
