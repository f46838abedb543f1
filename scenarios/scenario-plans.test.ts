import { describe, expect, it } from 'vitest';
import { SCENARIOS, type PlanInput, type TrackAction } from './index.ts';

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  seed: 7, strategy: 'idempotent', variant: 'fixed', timeScale: 500, processControl: true, ...over,
});
const actions = (tracks: TrackAction[][]) => tracks.flat();

describe('scenario plans', () => {
  it('concurrent-burst sends B×C requests in one burst with the three client behaviours spread evenly', () => {
    const plan = SCENARIOS['concurrent-burst'].plan(input({ businesses: 6, concurrency: 5 }));
    const burst = plan.phases[0]!.tracks[0]![0]!;
    expect(burst.do).toBe('burst');
    if (burst.do !== 'burst') return;
    expect(burst.requests).toHaveLength(30);
    const clients = new Map(burst.requests.map((r) => [r.business, r.client]));
    expect([...clients.values()].filter((c) => c === 'no-key')).toHaveLength(2);
    expect([...clients.values()].filter((c) => c === 'shared-key')).toHaveLength(2);
    const shared = burst.requests.filter((r) => r.client === 'shared-key' && r.business === 1);
    expect(new Set(shared.map((r) => r.key)).size).toBe(1);
    const page = burst.requests.filter((r) => r.business === 2);
    expect(new Set(page.map((r) => r.key)).size).toBe(5);
  });

  it('concurrent-burst staggers by default, in a seeded order of businesses, with a warm-up; together keeps one cold release', () => {
    const staggered = SCENARIOS['concurrent-burst'].plan(input({ businesses: 8, concurrency: 3 }));
    const together = SCENARIOS['concurrent-burst'].plan(input({ businesses: 8, concurrency: 3, burstRelease: 'together' }));
    const burstOf = (plan: typeof staggered) => {
      const action = plan.phases[0]!.tracks[0]![0]!;
      if (action.do !== 'burst') throw new Error('not a burst');
      return action;
    };
    expect(burstOf(staggered).release).toBe('staggered');
    expect(staggered.warmUp).toEqual({ bursts: 4, concurrency: 3 });
    expect(burstOf(together).release).toBe('together');
    expect(together.warmUp).toBeNull();
    const order = burstOf(staggered).requests.map((r) => r.business).filter((b, i, all) => all[i - 1] !== b);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // each business once, contiguous
    expect(order).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The same requests (keys included) whichever the release.
    const key = (r: { business: number; key: string | null }) => `${r.business}:${r.key}`;
    expect(burstOf(staggered).requests.map(key).sort()).toEqual(burstOf(together).requests.map(key).sort());
    expect(SCENARIOS['db-lock-under-load'].plan(input()).warmUp ?? null).toBeNull();
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = SCENARIOS['concurrent-burst'].plan(input());
    expect(SCENARIOS['concurrent-burst'].plan(input())).toEqual(a);
    expect(SCENARIOS['concurrent-burst'].plan(input({ seed: 8 }))).not.toEqual(a);
  });

  it('multi-instance deals each burst round-robin over 3 instances', () => {
    const plan = SCENARIOS['multi-instance'].plan(input({ businesses: 3 }));
    const burst = plan.phases[0]!.tracks[0]![0]!;
    if (burst.do !== 'burst') throw new Error('expected a burst');
    expect(new Set(burst.requests.filter((r) => r.business === 0).map((r) => r.instance))).toEqual(new Set([0, 1, 2]));
  });

  it('rapid-clicks replays 5 clicks per business on buggy pages and one request on the fixed page', () => {
    const buggy = SCENARIOS['rapid-clicks'].plan(input({ variant: 'buggy', businesses: 2 }));
    expect(actions(buggy.phases[0]!.tracks).filter((a) => a.do === 'fire')).toHaveLength(10);
    const fixed = SCENARIOS['rapid-clicks'].plan(input({ variant: 'fixed', businesses: 2 }));
    expect(actions(fixed.phases[0]!.tracks).filter((a) => a.do === 'fire')).toHaveLength(2);
    const rca = SCENARIOS['rapid-clicks'].plan(input({ variant: 'rca-keys', businesses: 1 }));
    const keys = actions(rca.phases[0]!.tracks).flatMap((a) => (a.do === 'fire' ? [a.request.key] : []));
    expect(new Set(keys).size).toBe(5);
  });

  it('network-failure gives every business one fault, each kind in its own phase', () => {
    const plan = SCENARIOS['network-failure'].plan(input({ businesses: 10 }));
    expect(plan.faults).toHaveLength(10);
    expect(plan.phases.map((p) => p.label)).toEqual([
      'commit-then-drop', 'twilio-503-then-429', 'client-abort', 'sigkill-while-paused', 'db-sessions-killed-while-paused',
    ]);
    const kill = plan.phases[3]!.tracks[0]!.map((a) => a.do);
    expect(kill.indexOf('kill-instance')).toBeGreaterThan(kill.lastIndexOf('await-paused'));
    expect(kill.indexOf('release-paused')).toBeGreaterThan(kill.indexOf('restart-instance'));
  });

  it('network-failure leaves out the faults that need process control for a --target-url target', () => {
    const plan = SCENARIOS['network-failure'].plan(input({ businesses: 6, processControl: false }));
    expect(plan.phases.map((p) => p.label)).toEqual(['commit-then-drop', 'twilio-503-then-429', 'client-abort']);
    expect(plan.faults).toHaveLength(6);
  });

  it("incident-replay fires Tom's Garage's five attempts at the incident's minutes ÷ time-scale, reusing the fixed page's key", () => {
    const plan = SCENARIOS['incident-replay'].plan(input({ timeScale: 500 }));
    expect(plan.names).toEqual(["Tom's Garage"]);
    const track = plan.phases[0]!.tracks[0]!;
    expect(track.flatMap((a) => (a.do === 'wait-until' ? [a.atMs] : []))).toEqual([0, 448, 1704, 2360, 2966]);
    const keys = track.flatMap((a) => (a.do === 'fire' ? [a.request.key] : []));
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(1);
    expect(plan.phases[0]!.twilioFaults).toEqual([{ business: 0, kind: 'commit-then-drop', times: 4 }]);
  });

  it('db-lock-under-load runs 200 businesses × 3 with a pool of 5', () => {
    const def = SCENARIOS['db-lock-under-load'];
    expect(def.target(input()).dbPoolMax).toBe(5);
    const plan = def.plan(input({ variant: 'buggy', strategy: 'row-lock' }));
    expect(plan.phases[0]!.tracks).toHaveLength(200);
  });
});
