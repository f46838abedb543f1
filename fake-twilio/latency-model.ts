// DESIGN §3: realistic latency unless turned off. Purchases are slow (lognormal, median 400 ms,
// p99 ≈ 1.5 s) so a race window is as wide as in production; other calls take about 50 ms.
import type { LatencyMode, TwilioOperation } from './types.ts';
import type { SeededRandom } from './seeded-random.ts';

export function baseLatencyMs(mode: LatencyMode, operation: TwilioOperation, random: SeededRandom): number {
  if (mode === 'off') return 0;
  return operation === 'purchase' ? random.lognormal(400, 1500) : random.lognormal(50, 150);
}

/** Resolves after `ms`, or early when `signal` aborts (the caller checks `signal.aborted`). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
