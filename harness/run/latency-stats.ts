import * as hdr from 'hdr-histogram-js';
import type { Operation } from '../../model/index.ts';
import type { Percentiles } from '../../model/index.ts';

// Latency percentiles from an HDR histogram (microsecond resolution, reported in ms).

export function latencyPercentiles(operations: readonly Operation[]): Percentiles {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
  try {
    for (const op of operations) {
      const micros = Number((BigInt(op.completeNs) - BigInt(op.invokeNs)) / 1000n);
      histogram.recordValue(Math.max(1, micros));
    }
    if (histogram.totalCount === 0) return { p50: 0, p95: 0, p99: 0, max: 0 };
    const ms = (micros: number) => Math.round(micros / 10) / 100;
    return {
      p50: ms(histogram.getValueAtPercentile(50)),
      p95: ms(histogram.getValueAtPercentile(95)),
      p99: ms(histogram.getValueAtPercentile(99)),
      max: ms(histogram.maxValue),
    };
  } finally {
    histogram.destroy();
  }
}

/** p50 and max of a list of spreads, as result.json's burst fields want them. */
export function spreadSummary(values: readonly number[]): { p50: number; max: number } {
  if (values.length === 0) return { p50: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { p50: round(sorted[Math.floor((sorted.length - 1) / 2)]!), max: round(sorted[sorted.length - 1]!) };
}
