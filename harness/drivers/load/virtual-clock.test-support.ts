import type { LoadClock } from './load-clock.ts';

// Virtual time for the open model's unit tests: sleepers wake in time order (ties in the order
// they slept), and time moves only when everything runnable has run — so a test can say exactly
// when each arrival started, whatever the machine's load.

interface Sleeper {
  atMs: number;
  order: number;
  wake: () => void;
}

export class VirtualClock implements LoadClock {
  private current = 0;
  private order = 0;
  private readonly sleepers: Sleeper[] = [];

  now(): number {
    return this.current;
  }

  sleepUntil(atMs: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = () => {
        const i = this.sleepers.indexOf(sleeper);
        if (i >= 0) this.sleepers.splice(i, 1);
        resolve();
      };
      const sleeper: Sleeper = {
        atMs: Math.max(atMs, this.current),
        order: this.order++,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Runs until nothing sleeps any more, or `untilMs` is reached; bounded in steps. */
  async run(untilMs = Number.POSITIVE_INFINITY, maxSteps = 1_000_000): Promise<void> {
    for (let step = 0; step < maxSteps; step++) {
      await settle();
      this.sleepers.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
      const next = this.sleepers[0];
      if (next === undefined || next.atMs > untilMs) return;
      this.sleepers.shift();
      this.current = next.atMs;
      next.wake();
    }
    throw new Error(`virtual clock: still busy after ${maxSteps} steps`);
  }
}

/** Lets every promise chain that can run, run (several macrotask turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}
