// A small seeded PRNG: every random choice of the fake (inventory, sids, latency, fault draws)
// comes from one of these, so a run is reproducible from its seed. Math.random is never used.

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  /** `n` lowercase hex digits. */
  hex(n: number): string;
  /** Lognormal sample with the given median and 99th percentile. */
  lognormal(medianMs: number, p99Ms: number): number;
}

/** mulberry32: tiny, fast, and good enough for test data (not for cryptography). */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    hex(n) {
      let out = '';
      while (out.length < n) out += Math.floor(next() * 0x100000000).toString(16).padStart(8, '0');
      return out.slice(0, n);
    },
    lognormal(medianMs, p99Ms) {
      // z(0.99) = 2.3263: sigma chosen so that the 99th percentile lands on p99Ms.
      const sigma = p99Ms > medianMs ? Math.log(p99Ms / medianMs) / 2.3263 : 0;
      // Box-Muller; 1 - next() keeps the log argument away from 0.
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return medianMs * Math.exp(sigma * z);
    },
  };
}

/** Derives an independent stream for a named purpose, so adding draws in one place does not shift another. */
export function deriveSeed(seed: number, purpose: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
