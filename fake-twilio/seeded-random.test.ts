import { describe, expect, it } from 'vitest';
import { createSeededRandom, deriveSeed } from './seeded-random.ts';

describe('createSeededRandom', () => {
  it('repeats itself for one seed and differs between seeds', () => {
    const a = createSeededRandom(9);
    const b = createSeededRandom(9);
    expect(Array.from({ length: 5 }, () => a.hex(32))).toEqual(Array.from({ length: 5 }, () => b.hex(32)));
    expect(createSeededRandom(9).next()).not.toBe(createSeededRandom(10).next());
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'));
  });

  it('samples a lognormal with the asked median and 99th percentile', () => {
    const r = createSeededRandom(1);
    const samples = Array.from({ length: 20_000 }, () => r.lognormal(400, 1500)).sort((x, y) => x - y);
    expect(samples[10_000]!).toBeGreaterThan(380);
    expect(samples[10_000]!).toBeLessThan(420);
    expect(samples[19_800]!).toBeGreaterThan(1300);
    expect(samples[19_800]!).toBeLessThan(1700);
  });
});
