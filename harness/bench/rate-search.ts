// The search of `load.max_rate_per_s` (docs/bench.md): the highest open-model rate that a trial
// sustains. Doubling from `startRate` until a trial fails (or `maxRate` holds), then bisecting
// between the best rate that held and the lowest that did not, until they are within `precision`
// of each other or `maxSteps` trials have run. Each trial is bounded in time by its caller; the
// search is bounded in count here. Pure: the trial is given, so the search is unit-tested in
// microseconds.

export interface RateTrial {
  rate: number;
  sustained: boolean;
}

export interface RateSearchOptions<T extends RateTrial> {
  startRate: number;
  /** A rate that held here ends the search (the line says `capped`). */
  maxRate: number;
  maxSteps: number;
  /** Stop bisecting when the failed rate is within this share above the held one (0.05: 5 %). */
  precision: number;
  trial(rate: number): Promise<T>;
  signal?: AbortSignal;
}

export interface RateSearchResult<T extends RateTrial> {
  /** The highest rate that held, or 0 when none did. */
  rate: number;
  /** The trial of that rate, or null when none held. */
  best: T | null;
  /** The lowest rate that did not hold, or null when none failed. */
  failedAt: number | null;
  /** Every trial in the order run. */
  steps: T[];
  /** The search stopped at maxRate with that rate held: the true maximum is higher. */
  capped: boolean;
  /** The search ran out of steps before reaching `precision`. */
  exhausted: boolean;
}

export async function searchMaxRate<T extends RateTrial>(options: RateSearchOptions<T>): Promise<RateSearchResult<T>> {
  const { startRate, maxRate, maxSteps, precision } = options;
  if (!(startRate >= 1 && maxRate >= startRate && Number.isInteger(maxSteps) && maxSteps >= 1 && precision > 0)) {
    throw new RangeError(`rate search needs 1 ≤ startRate ≤ maxRate, maxSteps ≥ 1 and precision > 0 (got ${startRate}, ${maxRate}, ${maxSteps}, ${precision})`);
  }
  const steps: T[] = [];
  let best: T | null = null;
  let failedAt: number | null = null;
  let rate = startRate;
  while (steps.length < maxSteps && !options.signal?.aborted) {
    const step = await options.trial(rate);
    steps.push(step);
    if (step.sustained) {
      if (best === null || step.rate > best.rate) best = step;
      if (failedAt === null && rate >= maxRate) break;
    } else if (failedAt === null || rate < failedAt) {
      failedAt = rate;
    }
    const held = best?.rate ?? 0;
    if (failedAt === null) {
      rate = Math.min(rate * 2, maxRate);
      continue;
    }
    if (failedAt - held <= precision * failedAt || failedAt - held < 2) break;
    rate = Math.round((held + failedAt) / 2);
  }
  const held = best?.rate ?? 0;
  const converged = failedAt !== null && (failedAt - held <= precision * failedAt || failedAt - held < 2);
  const capped = failedAt === null && held >= maxRate;
  return { rate: held, best, failedAt, steps, capped, exhausted: !converged && !capped };
}
