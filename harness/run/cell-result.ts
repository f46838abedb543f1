import { verdictOfCell, type ScenarioResult } from '../../model/index.ts';
import type { CellEvidence, CellFindings } from '../checkers/index.ts';
import type { CellSpec } from './cell-runner.ts';

// A cell's entry in result.json, from the checkers' findings. The verdict comes from the one
// judgement in model/ (a required invariant not evaluated is an error, never a pass).

export function cellResult(input: { spec: CellSpec; findings: CellFindings; evidence: CellEvidence; durationMs: number; timings: Record<string, number>; screenshots: number }): ScenarioResult {
  const { spec, findings, evidence } = input;
  const conformance = evidence.driver.conformance;
  const loaded = evidence.driver.load;
  // result.json's `load` is the contract's fields only; the driver's extra facts stay in metrics.
  const load = loaded ? {
    stages: loaded.stages, achievedRatePerS: loaded.achievedRatePerS, arrivals: loaded.arrivals, dropped: loaded.dropped,
    maxInFlight: loaded.maxInFlight, latencyMs: loaded.latencyMs, thresholds: loaded.thresholds, series: loaded.series,
    ...(loaded.startedAtNs !== undefined ? { startedAtNs: loaded.startedAtNs } : {}),
  } : undefined;
  const exploration = evidence.driver.exploration;
  const judged = { invariants: findings.invariants, ...(conformance ? { conformance } : {}), ...(load ? { load } : {}) };
  return {
    name: spec.scenario,
    strategy: spec.strategyLabel ?? spec.strategy,
    variant: spec.variant,
    target: spec.targetLabel,
    engine: evidence.driver.engine,
    driver: evidence.driver.driver,
    verdict: verdictOfCell(judged),
    expected: spec.expected,
    expectedBroken: spec.expectedBroken,
    ...(spec.expectedFailingChecks?.length ? { expectedFailingChecks: spec.expectedFailingChecks } : {}),
    attempts: spec.attempt ?? 1,
    skipReason: null,
    businesses: evidence.businesses.length,
    requests: evidence.history.length,
    invariants: findings.invariants,
    twilio: findings.twilio,
    latencyMs: findings.latency.percentiles,
    burst: findings.burst,
    faults: findings.faults,
    ...(conformance ? { conformance } : {}),
    ...(load ? { load } : {}),
    ...(exploration ? { exploration } : {}),
    durationMs: input.durationMs,
    metrics: {
      ...findings.metrics,
      ...(evidence.driver.clicks ? { screenshots: input.screenshots } : {}),
      ...Object.fromEntries(Object.entries(input.timings).map(([task, ms]) => [`task.${camel(task)}Ms`, ms])),
    },
    error: findings.problems.length > 0 ? findings.problems.join('; ') : null,
  };
}

/** `start target` → `startTarget`, `drive (plan)` → `drivePlan`: metric keys without spaces. */
function camel(task: string): string {
  return task.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('');
}
