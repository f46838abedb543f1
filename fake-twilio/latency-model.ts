// docs/fake-twilio.md: realistic latency unless turned off. Purchases are slow (lognormal, median 400 ms,
// p99 ≈ 1.5 s) so a race window is as wide as in production; other calls take about 50 ms.
import type { LatencyMode, TwilioOperation } from './types.ts';
import type { SeededRandom } from './seeded-random.ts';

// The tail is cut at 1.2 × p99 (1.8 s for purchases) by drawing again: an unbounded lognormal
// sometimes exceeds the 2 s TWILIO_TIMEOUT_MS the scenarios give targets, and a timeout nobody
// planned would make a correct strategy fail at random. Slower answers are faults, and are
// planned (`latency`, `commit-then-hang`) so the reports can say they landed.
const TAIL_CUT = 1.2;

function truncatedLognormal(random: SeededRandom, medianMs: number, p99Ms: number): number {
  const max = p99Ms * TAIL_CUT;
  for (let draw = 0; draw < 16; draw++) {
    const ms = random.lognormal(medianMs, p99Ms);
    if (ms <= max) return ms;
  }
  return max;
}

export function baseLatencyMs(mode: LatencyMode, operation: TwilioOperation, random: SeededRandom): number {
  if (mode === 'off') return 0;
  return operation === 'purchase' ? truncatedLognormal(random, 400, 1500) : truncatedLognormal(random, 50, 150);
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
