// sustained-load's profile in k6's terms: the stages as a `ramping-arrival-rate` scenario and the
// harness's `--threshold` expressions as k6 thresholds. Dependency-free (k6 imports it, and so does
// the harness, which refuses what cannot be mapped before anything starts).
//
// What the metrics mean, so that a k6 run is judged as the undici engine's is:
// - latency (p50 … max): `http_req_duration` of the onboarding requests that got an answer — the
//   script marks every status as an expected response, so `expected_response:true` is "answered"
//   (a timeout or a refused connection has no latency, as in the harness);
// - error_rate: the Rate `exactly_one_errors` (non-2xx other than 409/429, or no answer, except
//   the retry client's deliberate timeout);
// - dropped: k6's own `dropped_iterations` (an arrival with no free VU, VUs = --max-in-flight);
// - achieved_rate: arrivals ÷ the arrival phase, i.e. the Counter `exactly_one_arrivals` ≥ rate ×
//   the profile's length (k6's `iterations` rate divides by the whole test, drain included).

export interface K6LoadStage {
  durationS: number;
  /** Arrivals per second at the end of the stage. */
  target: number;
}

export type K6ThresholdMetric = 'p50' | 'p90' | 'p95' | 'p99' | 'max' | 'error_rate' | 'dropped' | 'achieved_rate';
export type K6ThresholdOp = '<' | '<=' | '>' | '>=';

export interface K6ThresholdSpec {
  expression: string;
  metric: K6ThresholdMetric;
  op: K6ThresholdOp;
  value: number;
}

/** The sub-metric of answered onboarding requests' durations. */
export const LATENCY_METRIC = 'http_req_duration{name:complete-onboarding,expected_response:true}';
export const ERRORS_METRIC = 'exactly_one_errors';
export const ARRIVALS_METRIC = 'exactly_one_arrivals';
export const DROPPED_METRIC = 'dropped_iterations';

/** Trend statistics k6 keeps for the summary: every percentile a threshold can name. */
export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];

const TREND_AGGREGATE: Partial<Record<K6ThresholdMetric, string>> = { p50: 'med', p90: 'p(90)', p95: 'p(95)', p99: 'p(99)', max: 'max' };

/** One k6 threshold: the metric it sits on and its expression in k6's syntax. */
export interface K6Threshold {
  metric: string;
  expression: string;
  /** k6 stops the test when it fails (only where the harness's --abort-on-fail would). */
  abortOnFail: boolean;
}

const phaseS = (stages: readonly K6LoadStage[]) => stages.reduce((sum, s) => sum + s.durationS, 0);
const trim = (n: number) => Number(n.toFixed(6));

/**
 * How a k6 process judges: `abortOnFail` as --abort-on-fail; `segments`, the number of equal
 * execution segments the run is split in (k6-operator's parallelism, --k6-segments): each process
 * sends 1/segments of the arrivals, so the arrivals count is judged on its share. Every other
 * threshold is judged on the process's own samples (its latencies, errors, drops).
 */
export interface K6JudgeOptions { abortOnFail?: boolean; segments?: number }

/** Our threshold in k6's syntax; the profile is needed for achieved_rate (a count over the phase). */
export function k6Threshold(spec: K6ThresholdSpec, stages: readonly K6LoadStage[], { abortOnFail = false, segments = 1 }: K6JudgeOptions = {}): K6Threshold {
  const aggregate = TREND_AGGREGATE[spec.metric];
  // k6 judges as it goes; the harness stops early only on what can never recover.
  const canStopEarly = abortOnFail && (spec.metric === 'dropped' || spec.metric === 'max') && (spec.op === '<' || spec.op === '<=');
  if (aggregate) return { metric: LATENCY_METRIC, expression: `${aggregate}${spec.op}${spec.value}`, abortOnFail: canStopEarly };
  if (spec.metric === 'error_rate') return { metric: ERRORS_METRIC, expression: `rate${spec.op}${spec.value}`, abortOnFail: false };
  if (spec.metric === 'dropped') return { metric: DROPPED_METRIC, expression: `count${spec.op}${spec.value}`, abortOnFail: canStopEarly };
  return { metric: ARRIVALS_METRIC, expression: `count${spec.op}${trim((spec.value * phaseS(stages)) / segments)}`, abortOnFail: false };
}

type K6ThresholdEntry = string | { threshold: string; abortOnFail: boolean };

/** `options.thresholds` for a list of our thresholds (grouped by k6 metric, in the given order). */
export function k6Thresholds(specs: readonly K6ThresholdSpec[], stages: readonly K6LoadStage[], judge: K6JudgeOptions = {}): Record<string, K6ThresholdEntry[]> {
  if (judge.segments !== undefined && !(Number.isInteger(judge.segments) && judge.segments >= 1)) throw new Error(`SEGMENTS must be a whole number ≥ 1, got ${judge.segments}`);
  const out: Record<string, K6ThresholdEntry[]> = {};
  for (const spec of specs) {
    const t = k6Threshold(spec, stages, judge);
    (out[t.metric] ??= []).push(t.abortOnFail ? { threshold: t.expression, abortOnFail: true } : t.expression);
  }
  return out;
}

/** A k6 duration for seconds, in whole milliseconds (`1500ms`), so fractions survive. */
export function k6Duration(seconds: number): string {
  return `${Math.round(seconds * 1000)}ms`;
}

/**
 * The profile as k6's `ramping-arrival-rate`: a leading 0 s stage is k6's `startRate`; rates are
 * whole numbers per `timeUnit`, so a fractional rate (2.5/s) uses a longer unit (25 per 10 s).
 * VUs are the most iterations in flight: an arrival finding none free is a dropped iteration.
 * k6 starts iteration i (1-based) when the integral of the rate reaches i (lib/executor/
 * ramping_arrival_rate.go), the harness's arrival k (0-based) at k: the same ramps, k6 one step
 * later, and floor instead of ceiling of a fractional total.
 */
export function rampingArrivalRate(stages: readonly K6LoadStage[], maxInFlight: number) {
  if (stages.length === 0) throw new Error('a load profile needs at least one stage');
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new Error(`max in flight must be a whole number ≥ 1, got ${maxInFlight}`);
  let startRate = 0;
  let rest = [...stages];
  while (rest.length > 1 && rest[0]!.durationS === 0) {
    startRate = rest[0]!.target;
    rest = rest.slice(1);
  }
  const rates = [startRate, ...rest.map((s) => s.target)];
  const unitS = [1, 10, 100, 1000].find((u) => rates.every((r) => Math.abs(r * u - Math.round(r * u)) < 1e-9));
  if (unitS === undefined) throw new Error(`rates ${rates.join(', ')} need more than three decimals; k6 counts whole arrivals per time unit`);
  return {
    executor: 'ramping-arrival-rate' as const,
    startRate: Math.round(startRate * unitS),
    timeUnit: `${unitS}s`,
    preAllocatedVUs: maxInFlight,
    maxVUs: maxInFlight,
    stages: rest.map((s) => ({ duration: k6Duration(s.durationS), target: Math.round(s.target * unitS) })),
  };
}
