import { describe, expect, it } from 'vitest';
import { BusinessPool } from './business-pool.ts';

function seeder() {
  const calls: number[] = [];
  let next = 0;
  return {
    calls,
    seed: async (count: number) => {
      calls.push(count);
      return Array.from({ length: count }, () => ({ id: `b${next}`, name: `Business ${next++}`, ownerToken: 't' }));
    },
  };
}

describe('the business pool', () => {
  it('seeds a small schedule whole before the clock starts', async () => {
    const s = seeder();
    const pool = new BusinessPool({ seed: s.seed, scheduled: 125, lowWater: 100 });
    await pool.prime();
    expect(s.calls).toEqual([125]);
    const taken = Array.from({ length: 125 }, () => pool.take()?.id);
    expect(new Set(taken).size).toBe(125);
    await pool.settled();
    expect(s.calls).toEqual([125]);
    expect(pool.take()).toBeUndefined();
    expect(pool.shortfall).toBe(1);
  });

  it('tops a long schedule up ahead, in batches the fixtures endpoint takes, never beyond the schedule', async () => {
    const s = seeder();
    const pool = new BusinessPool({ seed: s.seed, scheduled: 2_500, lowWater: 300 });
    await pool.prime();
    expect(s.calls).toEqual([600]);
    let taken = 0;
    for (let i = 0; i < 2_600 && taken < 2_500; i++) {
      if (pool.take()) taken += 1;
      else await pool.settled();
    }
    await pool.settled();
    expect(taken).toBe(2_500);
    expect(s.calls.every((c) => c <= 1_000)).toBe(true);
    expect(s.calls.reduce((a, b) => a + b, 0)).toBe(2_500);
  });
});
