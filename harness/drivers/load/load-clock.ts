import { setTimeout as delay } from 'node:timers/promises';

// The one clock of the load driver, injectable so the open model's timing can be unit-tested in
// virtual time (the scheduler never reads Date or performance itself).

export interface LoadClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Resolves at `atMs` (at once if it has passed) or when `signal` aborts; never rejects. */
  sleepUntil(atMs: number, signal?: AbortSignal): Promise<void>;
}

export const monotonicClock: LoadClock = {
  now: () => performance.now(),
  async sleepUntil(atMs, signal) {
    const wait = atMs - performance.now();
    if (wait <= 0 || signal?.aborted) return;
    await delay(wait, undefined, { signal }).catch(() => {});
  },
};
