import type { LoadThresholdResult } from '../../../model/index.ts';
import type { LoadSettings } from '../../config/index.ts';
import { arrivalPhaseMs, evaluateThresholds, failedForGood, scheduledArrivals, type LoadEvidence, type LoadMetrics } from '../load/index.ts';
import { ARRIVALS_METRIC, DROPPED_METRIC, ERRORS_METRIC, k6Threshold } from '../../../scenarios/k6/load-profile.ts';
import type { K6Point } from './k6-json-output.ts';

// sustained-load under k6: the `load` evidence rebuilt from k6's JSON output of every process
// (each runs one execution segment, so each k6 judges only its share), with the same metric
// definitions the k6 thresholds use (scenarios/k6/load-profile.ts) and k6's own percentile method.
// The thresholds are evaluated here over the whole run, by the harness's evaluator; when one k6
// process ran the whole profile, k6's own verdict on each (its --summary-export) is taken instead.

/** What a load run's points add up to; sums over processes are the run's. */
export interface K6LoadSamples {
  arrivals: number;
  dropped: number;
  /** Durations of the onboarding requests that got an answer (expected_response:true), in ms. */
  latenciesMs: number[];
  requests: number;
  errors: number;
  /** The highest reading of k6's `vus` gauge. */
  peakVus: number;
}

export const emptyLoadSamples = (): K6LoadSamples => ({ arrivals: 0, dropped: 0, latenciesMs: [], requests: 0, errors: 0, peakVus: 0 });

/** Adds the points of one process's output to `into`. */
export function addLoadSamples(into: K6LoadSamples, points: Iterable<K6Point>): K6LoadSamples {
  for (const p of points) {
    if (p.metric === ARRIVALS_METRIC) into.arrivals += p.value;
    else if (p.metric === DROPPED_METRIC) into.dropped += p.value;
    else if (p.metric === ERRORS_METRIC) {
      into.requests += 1;
      if (p.value !== 0) into.errors += 1;
    } else if (p.metric === 'http_req_duration' && p.tags.name === 'complete-onboarding' && p.tags.expected_response === 'true') into.latenciesMs.push(p.value);
    else if (p.metric === 'vus') into.peakVus = Math.max(into.peakVus, p.value);
  }
  return into;
}

/** k6's Trend percentile (grafana/k6 metrics/sink.go, TrendSink.P: linear between the closest ranks), `pct` in 0..1. */
export function k6Percentile(sorted: readonly number[], pct: number): number {
  if (sorted.length === 0) return 0;
  const i = pct * (sorted.length - 1);
  const low = sorted[Math.floor(i)]!;
  const high = sorted[Math.ceil(i)]!;
  return low + (high - low) * (i - Math.floor(i));
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function k6LoadMetrics(settings: Pick<LoadSettings, 'stages'>, samples: K6LoadSamples): LoadMetrics {
  const sorted = [...samples.latenciesMs].sort((a, b) => a - b);
  const phaseS = arrivalPhaseMs(settings.stages) / 1000;
  return {
    p50: round(k6Percentile(sorted, 0.5)), p90: round(k6Percentile(sorted, 0.9)), p95: round(k6Percentile(sorted, 0.95)),
    p99: round(k6Percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? 0),
    error_rate: samples.requests === 0 ? 0 : samples.errors / samples.requests,
    dropped: samples.dropped,
    achieved_rate: phaseS > 0 ? samples.arrivals / phaseS : 0,
  };
}

/**
 * result.json's `load` for a k6 run. k6 has no per-second series the harness could trust (its
 * web dashboard has one), so `series` is empty; in-flight peak is k6's `vus` gauge.
 */
export function k6LoadEvidence(settings: LoadSettings, samples: K6LoadSamples, seededBusinesses: number, k6Summary: K6SummaryExport | null = null): LoadEvidence {
  const metrics = k6LoadMetrics(settings, samples);
  const { thresholds } = withK6Verdicts(evaluateThresholds(settings.thresholds, metrics), settings, k6Summary);
  const { error_rate: errorRate, dropped, achieved_rate: achieved, ...latencyMs } = metrics;
  return {
    stages: settings.stages.map((s) => ({ ...s })),
    achievedRatePerS: round(achieved),
    arrivals: samples.arrivals,
    dropped,
    maxInFlight: settings.maxInFlight,
    latencyMs,
    thresholds,
    series: [],
    scheduled: scheduledArrivals(settings.stages),
    due: samples.arrivals + dropped,
    droppedUnstarted: 0,
    peakInFlight: samples.peakVus,
    requests: samples.requests,
    errors: samples.errors,
    errorRate: round(errorRate, 4),
    phaseMs: Math.round(arrivalPhaseMs(settings.stages)),
    // k6 aborts (abortOnFail) only on what the harness would stop for: dropped or max under < / <=.
    stoppedBy: settings.abortOnFail && settings.thresholds.some((t) => failedForGood(t, metrics)) ? 'threshold' : 'schedule',
    interrupted: false,
    undrained: 0,
    unusedBusinesses: Math.max(0, seededBusinesses - samples.arrivals),
  };
}

/**
 * k6's `--summary-export` file: the legacy format k6 still writes (grafana/k6
 * internal/js/summary-wrapper.js): per metric its values beside `thresholds: { source: failed }`,
 * where **true means failed**, and a Rate's value as `value`. The newer machine-readable format
 * (values under `values`, thresholds as `{ ok }`) is read too.
 */
export interface K6SummaryExport {
  metrics?: Record<string, Record<string, unknown>>;
}

function k6Ok(entry: unknown): boolean | null {
  if (typeof entry === 'boolean') return !entry;
  const ok = (entry as { ok?: unknown } | null | undefined)?.ok;
  return typeof ok === 'boolean' ? ok : null;
}

/** Each of our thresholds k6 judged gets k6's verdict and k6's value (in our units); the rest stay as evaluated here. */
export function withK6Verdicts(ours: readonly LoadThresholdResult[], settings: LoadSettings, summary: K6SummaryExport | null): { thresholds: LoadThresholdResult[]; judgedByK6: number } {
  let judgedByK6 = 0;
  const phaseS = arrivalPhaseMs(settings.stages) / 1000;
  const thresholds = ours.map((result, i) => {
    const spec = settings.thresholds[i]!;
    const mapped = k6Threshold(spec, settings.stages, { abortOnFail: settings.abortOnFail });
    const metric = summary?.metrics?.[mapped.metric];
    const ok = k6Ok((metric?.thresholds as Record<string, unknown> | undefined)?.[mapped.expression]);
    if (metric === undefined || ok === null) return result;
    judgedByK6 += 1;
    const values = (typeof metric.values === 'object' && metric.values !== null ? metric.values : metric) as Record<string, unknown>;
    const aggregate = /^(med|max|p\(\d+\)|rate|count)/.exec(mapped.expression)?.[1] ?? '';
    const raw = values[aggregate] ?? (aggregate === 'rate' ? values.value : undefined);
    if (typeof raw !== 'number') return { ...result, ok };
    const value = spec.metric === 'achieved_rate' ? (phaseS > 0 ? raw / phaseS : 0) : raw;
    return { expression: result.expression, value: round(value, 4), ok };
  });
  return { thresholds, judgedByK6 };
}
