import { parseDuration } from './duration.ts';

// The load profile flags (--rate, --duration, --stages, --threshold) as people write them, parsed
// into typed values once, at the edge. The driver (harness/drivers/load/) only sees LoadSettings.

/** One k6-style stage: ramp linearly from the previous stage's target to `target` over `durationS`. */
export interface LoadStage {
  durationS: number;
  /** Arrivals per second at the end of the stage. */
  target: number;
}

export const THRESHOLD_METRICS = ['p50', 'p90', 'p95', 'p99', 'max', 'error_rate', 'dropped', 'achieved_rate'] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];
export const THRESHOLD_OPS = ['<=', '>=', '<', '>'] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

export interface ThresholdSpec {
  /** As the user wrote it (spaces removed), e.g. `p95<1500`: reports name a threshold by it. */
  expression: string;
  metric: ThresholdMetric;
  op: ThresholdOp;
  value: number;
}

export interface LoadSettings {
  stages: LoadStage[];
  maxInFlight: number;
  /** Share of businesses (0..1) that also send a duplicate (double-click, second tab, retry after timeout). */
  duplicates: number;
  thresholds: ThresholdSpec[];
  /** Stop the arrivals as soon as a threshold can no longer hold. */
  abortOnFail: boolean;
}

/** 5 s ramp 0 → 10/s, then 10 s at 10/s: short enough for the matrix (125 arrivals). */
export const DEFAULT_LOAD_STAGES: readonly LoadStage[] = [{ durationS: 5, target: 10 }, { durationS: 10, target: 10 }];
export const DEFAULT_MAX_IN_FLIGHT = 200;
export const DEFAULT_DUPLICATES = 0.3;
/** Used when only --duration is given. */
export const DEFAULT_RATE_PER_S = 10;

/** `"30s:10,1m:50,10s:0"` → stages, or a sentence saying what is wrong with which part. */
export function parseStages(text: string): LoadStage[] | string {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return 'no stage given';
  const stages: LoadStage[] = [];
  for (const part of parts) {
    const match = /^([^:]+):\s*(\d+(?:\.\d+)?)$/.exec(part);
    if (!match) return `stage "${part}" is not <duration>:<rate>`;
    const duration = match[1]!.trim();
    const ms = /^0+(\.0+)?(ms|s|m|h)?$/.test(duration) ? 0 : parseDuration(duration);
    if (ms === undefined) return `stage "${part}" has no valid duration ("${duration}")`;
    stages.push({ durationS: ms / 1000, target: Number(match[2]) });
  }
  if (stages.every((s) => s.durationS === 0)) return 'every stage lasts 0 s: nothing would be sent';
  return stages;
}

/** `"p95<1500"` → a threshold, or a sentence saying what is wrong. */
export function parseThreshold(text: string): ThresholdSpec | string {
  const expression = text.replace(/\s+/g, '');
  const match = /^([a-z0-9_]+)(<=|>=|<|>)(-?\d+(?:\.\d+)?)$/.exec(expression);
  if (!match) return `"${text}" is not <metric><op><number>`;
  const metric = match[1]!;
  if (!(THRESHOLD_METRICS as readonly string[]).includes(metric)) return `"${text}" names no known metric ("${metric}")`;
  return { expression, metric: metric as ThresholdMetric, op: match[2] as ThresholdOp, value: Number(match[3]) };
}

/** The canonical text of a profile, for the re-run command and reports: `0s:10,30s:10`. */
export function formatStages(stages: readonly LoadStage[]): string {
  return stages.map((s) => `${s.durationS}s:${s.target}`).join(',');
}

/**
 * --rate R --duration D is a constant rate from the first instant (k6's constant-arrival-rate): a
 * 0 s stage jumps to R, then D at R. With --stages, --rate is the rate the first ramp starts from
 * (k6's startRate; 0 otherwise).
 */
export function stagesOf(input: { rate?: number; durationMs?: number; stages?: LoadStage[] }): LoadStage[] {
  if (input.stages) return input.rate === undefined ? input.stages : [{ durationS: 0, target: input.rate }, ...input.stages];
  if (input.rate === undefined && input.durationMs === undefined) return [...DEFAULT_LOAD_STAGES];
  const rate = input.rate ?? DEFAULT_RATE_PER_S;
  const durationS = (input.durationMs ?? DEFAULT_LOAD_STAGES.reduce((s, st) => s + st.durationS * 1000, 0)) / 1000;
  return [{ durationS: 0, target: rate }, { durationS, target: rate }];
}

/** The load profile of a run from its validated configuration, defaults filled in. */
export function loadSettingsOf(config: {
  rate?: number; durationMs?: number; stages?: LoadStage[]; maxInFlight?: number; duplicates?: number; thresholds?: ThresholdSpec[]; abortOnFail?: boolean;
}): LoadSettings {
  return {
    stages: stagesOf(config),
    maxInFlight: config.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    duplicates: config.duplicates ?? DEFAULT_DUPLICATES,
    thresholds: config.thresholds ?? [],
    abortOnFail: config.abortOnFail ?? false,
  };
}
