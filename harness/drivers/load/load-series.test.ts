import { describe, expect, it } from 'vitest';
import { LoadSeries } from './load-series.ts';

const tick = (t: number) => ({ t, arrivals: 10, completed: 9, inFlight: t, p50Ms: t * 5, p95Ms: t * 10, p99Ms: t * 20, purchases: 2, violations: Math.floor(t / 100), dropped: t % 2 });

describe('the per-second series', () => {
  it('keeps one point per tick while there is room', () => {
    const series = new LoadSeries(10);
    for (let t = 1; t <= 9; t++) series.add(tick(t));
    expect(series.snapshot().map((p) => p.t)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stays bounded over a long run, losing no arrival, completion or purchase', () => {
    const series = new LoadSeries(600);
    const ticks = 4 * 3600;
    for (let t = 1; t <= ticks; t++) series.add(tick(t));
    const points = series.snapshot();
    expect(points.length).toBeLessThanOrEqual(600);
    expect(points.reduce((s, p) => s + p.arrivals, 0)).toBe(10 * ticks);
    expect(points.reduce((s, p) => s + p.purchases, 0)).toBe(2 * ticks);
    expect(points.reduce((s, p) => s + (p.dropped ?? 0), 0)).toBe(ticks / 2);
    const last = points.at(-1)!;
    expect(last).toMatchObject({ t: ticks, inFlight: ticks, violations: Math.floor(ticks / 100), p50Ms: ticks * 5, p95Ms: ticks * 10, p99Ms: ticks * 20 });
    for (let i = 1; i < points.length; i++) expect(points[i]!.t).toBeGreaterThan(points[i - 1]!.t);
  });
});
