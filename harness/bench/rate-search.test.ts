import { describe, expect, it } from 'vitest';
import { searchMaxRate } from './rate-search.ts';

/** A system that sustains any rate up to `capacity`. */
const upTo = (capacity: number) => async (rate: number) => ({ rate, sustained: rate <= capacity });

describe('the max-rate search', () => {
  it('doubles until a rate fails, then bisects to within the precision', async () => {
    const result = await searchMaxRate({ startRate: 500, maxRate: 100_000, maxSteps: 20, precision: 0.05, trial: upTo(5_300) });
    expect(result.steps.map((s) => s.rate).slice(0, 5)).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
    expect(result.rate).toBeLessThanOrEqual(5_300);
    expect(result.failedAt! - result.rate).toBeLessThanOrEqual(0.05 * result.failedAt!);
    expect(result.rate).toBeGreaterThan(5_300 * 0.95);
    expect(result.best?.rate).toBe(result.rate);
    expect(result).toMatchObject({ capped: false, exhausted: false });
  });

  it('stops at maxRate when it holds, and says the maximum is higher', async () => {
    const result = await searchMaxRate({ startRate: 1_000, maxRate: 3_000, maxSteps: 20, precision: 0.05, trial: upTo(1e9) });
    expect(result.steps.map((s) => s.rate)).toEqual([1_000, 2_000, 3_000]);
    expect(result).toMatchObject({ rate: 3_000, failedAt: null, capped: true, exhausted: false });
  });

  it('bisects below the start when even the first rate fails, and reports 0 when nothing holds', async () => {
    const low = await searchMaxRate({ startRate: 1_000, maxRate: 10_000, maxSteps: 20, precision: 0.05, trial: upTo(300) });
    expect(low.steps[1]!.rate).toBe(500);
    expect(low.rate).toBeLessThanOrEqual(300);
    expect(low.rate).toBeGreaterThan(250);
    const none = await searchMaxRate({ startRate: 100, maxRate: 1_000, maxSteps: 30, precision: 0.05, trial: upTo(0) });
    expect(none).toMatchObject({ rate: 0, best: null, capped: false, exhausted: false });
  });

  it('is bounded in steps, and says when it ran out before converging', async () => {
    let calls = 0;
    const result = await searchMaxRate({ startRate: 100, maxRate: 1e6, maxSteps: 4, precision: 0.01, trial: async (rate) => (calls++, { rate, sustained: rate <= 50_000 }) });
    expect(calls).toBe(4);
    expect(result).toMatchObject({ rate: 800, failedAt: null, exhausted: true, capped: false });
  });

  it('keeps the best rate that held when a noisy trial fails above it and a later one holds higher', async () => {
    const answers = new Map([[1_000, true], [2_000, true], [4_000, false], [3_000, false], [2_500, true], [2_750, false]]);
    const result = await searchMaxRate({ startRate: 1_000, maxRate: 1e5, maxSteps: 6, precision: 0.05, trial: async (rate) => ({ rate, sustained: answers.get(rate) ?? false }) });
    expect(result.steps.map((s) => s.rate)).toEqual([1_000, 2_000, 4_000, 3_000, 2_500, 2_750]);
    expect(result).toMatchObject({ rate: 2_500, failedAt: 2_750 });
  });

  it('stops when aborted, and refuses a search it cannot run', async () => {
    const controller = new AbortController();
    const result = await searchMaxRate({ startRate: 100, maxRate: 1e6, maxSteps: 20, precision: 0.05, signal: controller.signal, trial: async (rate) => (controller.abort(), { rate, sustained: true }) });
    expect(result.steps).toHaveLength(1);
    await expect(searchMaxRate({ startRate: 0, maxRate: 10, maxSteps: 1, precision: 0.1, trial: upTo(1) })).rejects.toThrow(RangeError);
  });
});
