import * as hdr from 'hdr-histogram-js';

// Onboarding latency in an HDR histogram (fixed memory whatever the run's length, 3 significant
// digits), never an array of samples.

export interface LatencyPercentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** One hour: a longer response is recorded as one hour (the engine's timeouts are far shorter). */
const HIGHEST_MS = 3_600_000;

export class LatencyHistogram {
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_MS, numberOfSignificantValueDigits: 3 });

  record(ms: number): void {
    // Microsecond resolution would need a larger histogram; 1 ms is the unit thresholds use.
    this.histogram.recordValue(Math.min(HIGHEST_MS, Math.max(1, Math.round(ms))));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  percentile(p: number): number {
    return this.count === 0 ? 0 : this.histogram.getValueAtPercentile(p);
  }

  percentiles(): LatencyPercentiles {
    return { p50: this.percentile(50), p90: this.percentile(90), p95: this.percentile(95), p99: this.percentile(99), max: this.count === 0 ? 0 : this.histogram.maxValue };
  }

  reset(): void {
    this.histogram.reset();
  }
}
