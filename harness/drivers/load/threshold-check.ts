import type { LoadThresholdResult } from '../../../model/index.ts';
import type { ThresholdMetric, ThresholdSpec } from '../../config/index.ts';

// Thresholds (k6's idea: a run that misses one exits non-zero) over what the load driver measured.

/** Everything a threshold can name, measured over the whole run (or so far). */
export type LoadMetrics = Record<ThresholdMetric, number>;

export function evaluateThreshold(spec: ThresholdSpec, metrics: LoadMetrics): LoadThresholdResult {
  const value = metrics[spec.metric];
  return { expression: spec.expression, value, ok: holds(spec, value) };
}

export function evaluateThresholds(specs: readonly ThresholdSpec[], metrics: LoadMetrics): LoadThresholdResult[] {
  return specs.map((spec) => evaluateThreshold(spec, metrics));
}

/**
 * True when the threshold has already failed for good, whatever the rest of the run does — what
 * --abort-on-fail stops on. Only metrics that never decrease can be judged early: `dropped` and
 * `max` under `<` / `<=`. Percentiles, the error rate and the achieved rate can still recover,
 * so they are judged at the end only.
 */
export function failedForGood(spec: ThresholdSpec, metricsSoFar: LoadMetrics): boolean {
  if (spec.metric !== 'dropped' && spec.metric !== 'max') return false;
  if (spec.op !== '<' && spec.op !== '<=') return false;
  return !holds(spec, metricsSoFar[spec.metric]);
}

function holds(spec: ThresholdSpec, value: number): boolean {
  switch (spec.op) {
    case '<': return value < spec.value;
    case '<=': return value <= spec.value;
    case '>': return value > spec.value;
    case '>=': return value >= spec.value;
  }
}
