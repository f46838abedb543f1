import { describe, expect, it } from 'vitest';
import { AdaptiveGrace, settle, type SettleSource } from './quiescence.ts';
import type { SystemSnapshot } from './schedule-step.ts';

// A scripted system on a virtual clock: each waitForChange either resolves with the next snapshot
// after `afterMs` or times out at `ms`, advancing the clock by whichever came first.
function scripted(states: { snapshot: SystemSnapshot; afterMs: number }[]) {
  let now = 0;
  let i = 0;
  const waits: number[] = [];
  const source: SettleSource = {
    snapshot: async () => states[Math.min(i, states.length - 1)]!.snapshot,
    waitForChange: async (ms) => {
      waits.push(ms);
      const next = states[i + 1];
      if (next && next.afterMs <= ms) {
        now += next.afterMs;
        i++;
        return true;
      }
      now += ms;
      return false;
    },
  };
  return { source, waits, now: () => now };
}

const arrival = (lane: number) => ({ handle: `a${lane}`, lane, kind: 'arrival' as const, detail: 'POST onboarding' });

describe('quiescence', () => {
  it('waits for a lane certain to move (awaiting) up to the stall limit, not the grace, and does not learn from that wait', async () => {
    const grace = new AdaptiveGrace({ initialMs: 50, minMs: 10, maxMs: 2_000, factor: 4 });
    // Lane 0 sent a statement that is still running (awaiting) for 700 ms; then it holds its next one.
    const { source, waits, now } = scripted([
      { snapshot: { pending: [arrival(1)], blockedLanes: [], doneLanes: [], awaitingLanes: [0] }, afterMs: 0 },
      { snapshot: { pending: [arrival(1), { handle: 'q1', lane: 0, kind: 'sql', detail: 'select ?' }], blockedLanes: [], doneLanes: [] }, afterMs: 700 },
    ]);
    const settled = await settle(source, 2, grace, now, 10_000);
    expect(settled.quiescent).toBe(true);
    expect(waits).toEqual([10_000]);
    // The 700 ms were a statement running in PostgreSQL, not the lane's own code.
    expect(grace.ms).toBe(10);
  });

  it('gives a lane running its own code the grace, then decides without it', async () => {
    const grace = new AdaptiveGrace({ initialMs: 50, minMs: 10, maxMs: 2_000, factor: 4 });
    const { source, waits } = scripted([{ snapshot: { pending: [arrival(1)], blockedLanes: [], doneLanes: [] }, afterMs: 0 }]);
    const settled = await settle(source, 2, grace, () => 0, 10_000);
    expect(settled).toMatchObject({ quiescent: false, stalled: false });
    expect(waits).toEqual([50]);
  });
});
