import { describe, expect, it } from 'vitest';
import { harnessRssLine, type RssRun } from './harness-rss.ts';

const run = (durationS: number, mbAt: (tS: number) => number, maxRssMb = 0, retainedAt?: (tS: number) => number): RssRun => ({
  durationS, rate: 200, arrivals: durationS * 200, dropped: 0, droppedUnstarted: 0, peakInFlight: 3, requests: durationS * 260, errors: 0, historyMb: 2, startMb: mbAt(0), maxRssMb,
  samples: Array.from({ length: durationS + 1 }, (_, tS) => ({ tS, mb: mbAt(tS) })),
  retainedSamples: retainedAt === undefined ? [] : Array.from({ length: durationS / 2 }, (_, i) => ({ tS: 2 * (i + 1), mb: retainedAt(2 * (i + 1)) })),
});

describe('the load.harness_rss_mb line', () => {
  it('a short run reports its peak, its slope and what that slope reaches at 10 minutes', () => {
    const line = harnessRssLine(run(20, (t) => 100 + t * 0.25), true);
    expect(line).toMatchObject({ name: 'load.harness_rss_mb', value: 105, unit: 'MB', slope_mb_per_min: 15, goal: '< 400 MB over 10 min at 200/s', duration_s: 20, quick: true });
    expect(line.projected_mb).toBeCloseTo(105 + 15 * (10 - 20 / 60), 1);
  });

  it('projects what is retained after a full GC when it was sampled: RSS still growing into its heap is not growth', () => {
    const flat = harnessRssLine(run(20, (t) => 100 + t, 0, () => 40), true);
    expect(flat).toMatchObject({ value: 120, slope_mb_per_min: 60, retained_slope_mb_per_min: 0, retained_mb: 40, projected_mb: 120 });
    const growing = harnessRssLine(run(20, (t) => 100 + t, 0, (t) => 40 + t * 0.1), true);
    expect(growing.retained_slope_mb_per_min).toBeCloseTo(6, 6);
    expect(growing.projected_mb).toBeCloseTo(120 + 6 * (10 - 20 / 60), 1);
  });

  it('takes the kernel\'s peak when it saw more than the samples, and a full run projects nothing', () => {
    const line = harnessRssLine(run(600, () => 120, 131), false);
    expect(line).toMatchObject({ value: 131, slope_mb_per_min: 0, projected_mb: 131, quick: false });
  });

  it('a shrinking run projects no less than its peak', () => {
    expect(harnessRssLine(run(20, (t) => 200 - t), true)).toMatchObject({ value: 200, projected_mb: 200 });
  });
});
