import { describe, expect, it } from 'vitest';
import { summariseRss } from './rss-samples.ts';

describe('the RSS samples of load.harness_rss_mb', () => {
  it('gives the peak, and the slope after the warm-up in MB per minute', () => {
    // A jump during the warm-up, then 0.5 MB/s of growth: 30 MB/min.
    const samples = [{ tS: 0, mb: 50 }, { tS: 1, mb: 90 }, ...Array.from({ length: 10 }, (_, i) => ({ tS: 2 + i, mb: 100 + i * 0.5 }))];
    const summary = summariseRss(samples, 2);
    expect(summary.peakMb).toBe(104.5);
    expect(summary.slopeMbPerMin).toBeCloseTo(30, 6);
    expect(summary.samples).toBe(12);
  });

  it('has a flat slope for a flat run, and none without enough samples after the warm-up', () => {
    expect(summariseRss([1, 2, 3, 4].map((tS) => ({ tS, mb: 80 })), 0).slopeMbPerMin).toBe(0);
    expect(summariseRss([{ tS: 0, mb: 10 }, { tS: 5, mb: 20 }, { tS: 6, mb: 30 }], 5)).toEqual({ peakMb: 30, slopeMbPerMin: null, samples: 3 });
  });
});
