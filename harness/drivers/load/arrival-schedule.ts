import type { LoadStage } from '../../config/index.ts';

// The open model's clock (k6's ramping-arrival-rate): the rate moves linearly from the previous
// stage's target (0 before the first stage) to each stage's target, and arrival k (k = 0, 1, …)
// is due when the integral of the rate since the start reaches k — so the first is at t = 0, a
// constant 10/s for 10 s gives exactly 100, and a 5 s ramp 0 → 10/s gives 25. Nothing here
// depends on responses: that is what makes the model open.

/** Scheduled arrivals of a whole profile (arrivals + dropped must equal it). */
export function scheduledArrivals(stages: readonly LoadStage[]): number {
  return Math.ceil(totalIntegral(stages) - EPSILON);
}

/** Length of the arrival phase in ms. */
export function arrivalPhaseMs(stages: readonly LoadStage[]): number {
  return stages.reduce((sum, stage) => sum + stage.durationS * 1000, 0);
}

/** The due time of every arrival in ms from the start, in order; lazy, so an hours-long profile holds no array. */
export function* arrivalOffsetsMs(stages: readonly LoadStage[]): Generator<number> {
  let fromRate = 0;
  let startMs = 0;
  let before = 0;
  let k = 0;
  for (const stage of stages) {
    const durationS = stage.durationS;
    const within = ((fromRate + stage.target) / 2) * durationS;
    const after = before + within;
    if (durationS > 0) {
      const slope = (stage.target - fromRate) / durationS;
      for (; k < after - EPSILON; k++) {
        const t = timeToReach(k - before, fromRate, slope);
        yield startMs + Math.min(t, durationS) * 1000;
      }
    }
    fromRate = stage.target;
    startMs += durationS * 1000;
    before = after;
  }
}

/** The arrival rate the profile asks for at `ms` from the start (for progress and tests). */
export function rateAt(stages: readonly LoadStage[], ms: number): number {
  let fromRate = 0;
  let startMs = 0;
  for (const stage of stages) {
    const endMs = startMs + stage.durationS * 1000;
    if (ms < endMs) return fromRate + ((stage.target - fromRate) * (ms - startMs)) / (endMs - startMs);
    fromRate = stage.target;
    startMs = endMs;
  }
  return fromRate;
}

// Floating-point slack so that 10/s × 10 s is 100 arrivals, not 101.
const EPSILON = 1e-9;

function totalIntegral(stages: readonly LoadStage[]): number {
  let fromRate = 0;
  let sum = 0;
  for (const stage of stages) {
    sum += ((fromRate + stage.target) / 2) * stage.durationS;
    fromRate = stage.target;
  }
  return sum;
}

/** Seconds t with r0·t + slope·t²/2 = n (n within the stage, so a root exists); stable for slope → 0. */
function timeToReach(n: number, r0: number, slope: number): number {
  if (n <= 0) return 0;
  const root = Math.sqrt(Math.max(0, r0 * r0 + 2 * slope * n));
  return (2 * n) / (r0 + root);
}
