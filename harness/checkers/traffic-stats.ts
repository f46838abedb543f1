import * as hdr from 'hdr-histogram-js';
import type { Operation, Percentiles } from '../../model/index.ts';

// Latency of the traffic under test, from an HDR histogram (microsecond resolution, reported in
// ms): the percentiles of result.json and the bins the HTML histogram draws come from one pass
// over one filter, so the two can never disagree.

/** The operations whose latency is the scenario's: its onboarding POSTs, not the settle step, reads or warm-up. */
export function isMeasuredTraffic(op: Operation): boolean {
  return op.method === 'POST' && op.client !== 'settle' && op.client !== 'read' && op.client !== 'warm-up';
}

export interface LatencyFindings {
  percentiles: Percentiles;
  /** Histogram bins for the report; null when nothing was measured. */
  histogram: { binMs: number; counts: number[] } | null;
}

const HISTOGRAM_BINS = 40;

export function latencyFindings(operations: readonly Operation[]): LatencyFindings {
  const measured = operations.filter(isMeasuredTraffic);
  const percentiles = latencyPercentiles(measured);
  if (measured.length === 0) return { percentiles, histogram: null };
  const latencies = measured.map((o) => Number(BigInt(o.completeNs) - BigInt(o.invokeNs)) / 1e6);
  const max = latencies.reduce((a, b) => (b > a ? b : a), 0);
  const binMs = niceStep(max / HISTOGRAM_BINS);
  const counts = new Array<number>(Math.floor(max / binMs) + 1).fill(0);
  for (const x of latencies) counts[Math.floor(x / binMs)]!++;
  return { percentiles, histogram: { binMs, counts } };
}

function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10;
  return step * mag;
}

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
