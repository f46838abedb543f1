// The burst-spread bench end to end, with a few bursts: its lines have docs/bench.md's shape and
// its target process is gone afterwards. Values are not asserted: the bench measures, it does not gate.
import { describe, expect, it } from 'vitest';
import { benchBurstSpread } from '../harness/bench/burst-spread.ts';

describe('burst-spread bench', () => {
  it('prints an arrival spread per size and method and a tightness ratio per size', async () => {
    const lines = await benchBurstSpread({ quick: true, bursts: 3 });
    const spreads = lines.filter((l) => l.name === 'burst.arrival_spread_ms');
    expect(spreads.map((l) => `${String(l.size)}/${String(l.method)}`)).toEqual([
      '5/fetch', '5/fetch-warm', '5/warm', '5/last-byte', '20/fetch', '20/fetch-warm', '20/warm', '20/last-byte',
      '50/fetch', '50/fetch-warm', '50/warm', '50/last-byte',
    ]);
    for (const l of spreads) {
      expect(l).toMatchObject({ unit: 'ms', bursts: 3 });
      expect(l.value).toBe(l.p50);
      expect(l.p50 as number).toBeGreaterThan(0);
      expect(l.max as number).toBeGreaterThanOrEqual(l.p50 as number);
      // fetch does not say when it wrote a request: the warm-pool baseline has no send spread.
      if (l.method === 'fetch-warm') expect(l.send_p50_ms).toBeNull();
      else expect(l.send_p50_ms as number).toBeGreaterThan(0);
    }
    const ratios = lines.filter((l) => l.name === 'burst.tightness_ratio');
    expect(ratios.map((l) => `${String(l.size)}/${String(l.baseline)}`)).toEqual(['5/fetch', '5/fetch-warm', '20/fetch', '20/fetch-warm', '50/fetch', '50/fetch-warm']);
    for (const r of ratios) {
      expect(['warm', 'last-byte']).toContain(r.best);
      const baseline = spreads.find((l) => l.size === r.size && l.method === r.baseline)!;
      expect(r.baseline_p50).toBe(baseline.p50);
      expect(r.value).toBeCloseTo((r.baseline_p50 as number) / (r.best_p50 as number), 1);
      if (r.baseline === 'fetch') expect(r.fetch_p50).toBe(r.baseline_p50);
    }
  });

  it('stops early when aborted, reporting nothing it did not measure', async () => {
    const lines = await benchBurstSpread({ quick: true, signal: AbortSignal.abort() });
    expect(lines).toEqual([]);
  });
});
