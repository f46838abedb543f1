import { describe, expect, it } from 'vitest';
import { baseLatencyMs } from './latency-model.ts';
import { createSeededRandom } from './seeded-random.ts';

describe('baseLatencyMs', () => {
  it('keeps docs/fake-twilio.md realistic purchase latency (median 400 ms, p99 ≈ 1.5 s) and never exceeds 1.8 s', () => {
    const r = createSeededRandom(3);
    const samples = Array.from({ length: 50_000 }, () => baseLatencyMs('realistic', 'purchase', r)).sort((x, y) => x - y);
    expect(samples[25_000]!).toBeGreaterThan(380);
    expect(samples[25_000]!).toBeLessThan(420);
    expect(samples[49_500]!).toBeGreaterThan(1300);
    expect(samples[49_500]!).toBeLessThan(1700);
    expect(samples[49_999]!).toBeLessThanOrEqual(1800);
  });

  it('keeps other calls near 50 ms, at most 180 ms, and is zero with latency off', () => {
    const r = createSeededRandom(4);
    const samples = Array.from({ length: 20_000 }, () => baseLatencyMs('realistic', 'list', r)).sort((x, y) => x - y);
    expect(samples[10_000]!).toBeGreaterThan(45);
    expect(samples[10_000]!).toBeLessThan(55);
    expect(samples[19_999]!).toBeLessThanOrEqual(180);
    expect(baseLatencyMs('off', 'purchase', r)).toBe(0);
  });
});
