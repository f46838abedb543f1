import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../scenarios/index.ts';
import { planArrival } from './duplicate-plan.ts';

const plans = (seed: number, share: number, variant: 'buggy' | 'fixed' | 'rca-keys' = 'fixed', n = 3_000) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => planArrival(i, variant, share, random));
};

describe('arrival plans', () => {
  it('are the same for the same seed, and give the asked share of duplicates in all three kinds', () => {
    expect(plans(7, 0.3)).toEqual(plans(7, 0.3));
    const duplicated = plans(7, 0.3).filter((p) => p.duplicate !== null);
    expect(duplicated.length / 3_000).toBeGreaterThan(0.27);
    expect(duplicated.length / 3_000).toBeLessThan(0.33);
    const kinds = new Set(duplicated.map((p) => p.duplicate!.kind));
    expect([...kinds].sort()).toEqual(['double-click', 'retry-after-timeout', 'second-tab']);
    expect(plans(7, 0).every((p) => p.duplicate === null)).toBe(true);
    expect(plans(7, 1).every((p) => p.duplicate !== null)).toBe(true);
  });

  it('times duplicates as people do: a double-click within tens of ms, a second tab within a second', () => {
    for (const plan of plans(3, 1)) {
      const d = plan.duplicate!;
      if (d.kind === 'double-click') expect(d.delayMs).toBeLessThanOrEqual(60);
      if (d.kind === 'second-tab') expect(d.delayMs).toBeLessThanOrEqual(1_000);
      if (d.kind === 'retry-after-timeout') expect(d.clientTimeoutMs).toBeGreaterThan(0);
    }
  });

  it('keys duplicates by the client behaviour: none, one shared key, or the page', () => {
    for (const plan of plans(5, 1, 'fixed', 300)) {
      const d = plan.duplicate!;
      if (plan.client === 'no-key') expect([plan.key, d.key]).toEqual([null, null]);
      if (plan.client === 'shared-key') expect(d.key).toBe(plan.key);
      // The fixed page reuses its key on a retry; a second tab or a second press is another attempt.
      if (plan.client === 'page' && d.kind === 'retry-after-timeout') expect(d.key).toBe(plan.key);
      if (plan.client === 'page' && d.kind !== 'retry-after-timeout') expect(d.key).not.toBe(plan.key);
    }
    for (const plan of plans(5, 1, 'buggy', 300)) if (plan.client === 'page') expect([plan.key, plan.duplicate!.key]).toEqual([null, null]);
    for (const plan of plans(5, 1, 'rca-keys', 300)) if (plan.client === 'page') expect(plan.duplicate!.key).not.toBe(plan.key);
  });
});
