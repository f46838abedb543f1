// The scheduler core against an in-memory system (simulated-system.test-support.ts): counts of
// schedules checked against hand-computed numbers, determinism, minimal preemptions of the first
// failure, release-together, drops within the fault budget, blocking, deadlock, poll loops,
// budgets, the step cap, quiescence and replay with divergence.
import { describe, expect, it } from 'vitest';
import { InterleavingScheduler, type SchedulerOptions } from './interleaving-scheduler.ts';
import { SimulatedSystem, type Program, type SimStep, type World } from './simulated-system.test-support.ts';

const arrival: SimStep = { kind: 'arrival', detail: 'POST /onboard' };

/** n independent steps per lane. */
const independent = (n: number): Program =>
  function* (lane) {
    for (let i = 0; i < n; i++) yield { kind: 'sql', detail: `UPDATE t${lane} SET n = n + ? /* ${i} */` };
  };

/** The naive check-then-act: SELECT, and if there is no number, buy one and INSERT it. */
const naive: Program = function* () {
  yield arrival;
  const has = yield { kind: 'sql', detail: 'SELECT number FROM businesses WHERE id = ?', readOnly: true, run: (w: World) => w.values.has('number') };
  if (has) return;
  yield { kind: 'twilio', detail: 'purchase', run: (w: World) => w.purchases++ };
  yield { kind: 'response', detail: 'purchase', droppable: true };
  yield { kind: 'sql', detail: 'INSERT INTO businesses (number) VALUES (?)', run: (w: World) => w.values.set('number', 1) };
};

/** Claims with one atomic-looking statement (INSERT … WHERE NOT EXISTS): only overlapping runs race. */
const claimInOneStatement: Program = function* () {
  yield arrival;
  const won = yield {
    kind: 'sql',
    detail: 'INSERT INTO claims SELECT ? WHERE NOT EXISTS (SELECT 1 FROM claims WHERE business = ?)',
    read: (w: World) => w.values.has('claim'),
    write: (w: World, taken: unknown) => (taken ? false : (w.values.set('claim', 1), true)),
  };
  if (won) yield { kind: 'twilio', detail: 'purchase', run: (w: World) => w.purchases++ };
};

/** Row lock: SELECT … FOR UPDATE blocks the second request until the first commits. */
const rowLock: Program = function* () {
  yield arrival;
  yield { kind: 'sql', detail: 'SELECT * FROM businesses WHERE id = ? FOR UPDATE', lock: 'business' };
  const has = yield { kind: 'sql', detail: 'SELECT number FROM businesses WHERE id = ?', readOnly: true, run: (w: World) => w.values.has('number') };
  if (!has) {
    yield { kind: 'twilio', detail: 'purchase', run: (w: World) => w.purchases++ };
    yield { kind: 'sql', detail: 'UPDATE businesses SET number = ?', run: (w: World) => w.values.set('number', 1) };
  }
  yield { kind: 'sql', detail: 'COMMIT', unlock: true };
};

const scheduler = (system: SimulatedSystem, options: Partial<SchedulerOptions>) =>
  new InterleavingScheduler(system, { lanes: 2, faults: 0, now: system.now, stallMs: 1_000, ...options });

async function idsOf(programs: Program[], options: Partial<SchedulerOptions>): Promise<string[]> {
  const system = new SimulatedSystem(programs, () => []);
  const ids: string[] = [];
  const s = scheduler(system, { ...options, lanes: programs.length });
  const r = await s.explore();
  for (const e of system.ended) expect(e.outcome).toBe('complete');
  ids.push(String(r.schedules), ...r.perBound.map(String));
  return ids;
}

describe('InterleavingScheduler: counts', () => {
  // Two lanes of n independent steps: an interleaving of m alternating blocks has m - 2
  // preemptions (the last switch always leaves a finished lane). With n = 3 there are C(6,3) = 20
  // interleavings: 2 with 2 blocks (0 preemptions), 2·C(2,1)·C(2,0) = 4 with 3 blocks (1),
  // 2·C(2,1)² = 8 with 4 (2), 2·C(2,2)·C(2,1) = 4 with 5 (3), 2 with 6 (4).
  it.each([
    [0, [2]],
    [1, [2, 4]],
    [2, [2, 4, 8]],
    [4, [2, 4, 8, 4, 2]],
  ])('2 lanes × 3 steps, bound %i: schedules per pass %j', async (bound, perBound) => {
    const system = new SimulatedSystem([independent(3), independent(3)], () => []);
    const r = await scheduler(system, { bound }).explore();
    expect(r.perBound).toEqual(perBound);
    expect(r.schedules).toBe(perBound.reduce((a, b) => a + b, 0));
    expect(r.distinctInterleavings).toBe(r.schedules);
    expect(r).toMatchObject({ exhausted: true, stoppedBy: 'exhausted', capped: 0, divergences: 0 });
  });

  // Three lanes of one step each: 3! = 6 orders, none preempts (each lane finishes in one step).
  it('3 lanes × 1 step: 3! orders, all free', async () => {
    const system = new SimulatedSystem([independent(1), independent(1), independent(1)], () => []);
    expect((await scheduler(system, { lanes: 3, bound: 0 }).explore()).perBound).toEqual([6]);
  });

  // One together-able step per lane, two lanes: lane 0 then 1, 1 then 0, or both together = 3;
  // three lanes: 3! orders + C(3,2)·2 (a pair together, then the third, or the third first) + 1 (all three) = 13.
  it('release-together adds one choice per set of lanes', async () => {
    const one: Program = function* () {
      yield { kind: 'sql', detail: 'INSERT … WHERE NOT EXISTS', read: () => 0, write: () => 0 };
    };
    expect((await scheduler(new SimulatedSystem([one, one], () => []), { bound: 0 }).explore()).schedules).toBe(3);
    expect((await scheduler(new SimulatedSystem([one, one, one], () => []), { lanes: 3, bound: 0 }).explore()).schedules).toBe(13);
    expect((await scheduler(new SimulatedSystem([one, one, one], () => []), { lanes: 3, bound: 0, maxTogether: 2 }).explore()).schedules).toBe(12);
  });

  it('same settings, same schedules', async () => {
    const programs = [naive, naive];
    const a = await idsOf(programs, { bound: 2, faults: 1, exploreAll: true });
    const b = await idsOf(programs, { bound: 2, faults: 1, exploreAll: true });
    expect(a).toEqual(b);
    const s1 = new SimulatedSystem(programs);
    const s2 = new SimulatedSystem(programs);
    const r1 = await scheduler(s1, { bound: 2, faults: 1, exploreAll: true }).explore();
    const r2 = await scheduler(s2, { bound: 2, faults: 1, exploreAll: true }).explore();
    expect(r1.failing.map((f) => f.id)).toEqual(r2.failing.map((f) => f.id));
    expect(r1.failing.length).toBeGreaterThan(0);
  });
});

describe('InterleavingScheduler: finding failures', () => {
  it('the first failing schedule has the fewest preemptions', async () => {
    expect((await scheduler(new SimulatedSystem([naive, naive]), { bound: 0 }).explore()).firstFailing).toBeNull();
    const r = await scheduler(new SimulatedSystem([naive, naive]), { bound: 3 }).explore();
    expect(r.stoppedBy).toBe('violation');
    expect(r.firstFailing).toMatchObject({ preemptions: 1, violations: ['EXACTLY_ONE_PURCHASE'] });
    expect(r.perBound).toEqual([2, r.firstFailing!.index - 2]);
    const all = await scheduler(new SimulatedSystem([naive, naive]), { bound: 3, exploreAll: true }).explore();
    expect(Math.min(...all.failing.map((f) => f.preemptions))).toBe(1);
    expect(all.failing[0]!.id).toBe(r.firstFailing!.id);
    // Both lanes read before either inserts.
    const kinds = r.firstFailing!.steps.map((s) => `${s.lane}:${s.kind}`);
    expect(kinds.indexOf('1:sql')).toBeLessThan(kinds.lastIndexOf('0:sql'));
  });

  it('a window inside one statement is found only by releasing together', async () => {
    const alone = await scheduler(new SimulatedSystem([claimInOneStatement, claimInOneStatement]), { bound: 2, maxTogether: 1 }).explore();
    expect(alone).toMatchObject({ exhausted: true, firstFailing: null });
    const r = await scheduler(new SimulatedSystem([claimInOneStatement, claimInOneStatement]), { bound: 2 }).explore();
    expect(r.firstFailing?.steps.filter((s) => s.how === 'together')).toHaveLength(2);
    expect(r.firstFailing!.id).toMatch(/\.t\d+q[0-9a-f]{6}\+\d+q[0-9a-f]{6}/);
  });

  it('a lost response is explored within the fault budget only', async () => {
    // One request whose client retries the purchase when its response is lost: the fault alone buys twice.
    const retrying: Program = function* () {
      yield arrival;
      for (let attempt = 0; attempt < 2; attempt++) {
        yield { kind: 'twilio', detail: 'purchase', run: (w: World) => w.purchases++ };
        if ((yield { kind: 'response', detail: 'purchase', droppable: true }) !== 'dropped') return;
      }
    };
    const none = await scheduler(new SimulatedSystem([retrying]), { lanes: 1, faults: 0 }).explore();
    expect(none).toMatchObject({ schedules: 1, firstFailing: null, exhausted: true });
    const one = await scheduler(new SimulatedSystem([retrying]), { lanes: 1, faults: 1, exploreAll: true }).explore();
    expect(one.schedules).toBe(2); // deliver, or drop then deliver the retry (the budget is spent)
    expect(one.failing).toHaveLength(1);
    expect(one.failing[0]!.steps.map((s) => s.how)).toContain('dropped');
    expect(one.failing[0]!.id).toMatch(/\.d0r[0-9a-f]{6}\./);
  });

  it('row-lock: the waiter is recorded as blocked and no schedule fails', async () => {
    const r = await scheduler(new SimulatedSystem([rowLock, rowLock]), { bound: 2 }).explore();
    expect(r).toMatchObject({ exhausted: true, firstFailing: null, stalled: 0 });
    expect(r.blockedSteps).toBeGreaterThan(0);
  });

  it('a deadlock is ended by the detector, never hangs the scheduler', async () => {
    const opposite = (first: string, second: string): Program =>
      function* () {
        yield { kind: 'sql', detail: `SELECT FROM ${first} FOR UPDATE`, lock: first };
        const r = yield { kind: 'sql', detail: `SELECT FROM ${second} FOR UPDATE`, lock: second };
        if (r === 'deadlock') return;
        yield { kind: 'sql', detail: 'COMMIT', unlock: true };
      };
    const system = new SimulatedSystem([opposite('a', 'b'), opposite('b', 'a')], () => []);
    const r = await scheduler(system, { bound: 2 }).explore();
    expect(r).toMatchObject({ exhausted: true, stalled: 0, capped: 0 });
    expect(system.ended.some((e) => e.world.deadlocks === 1)).toBe(true);
  });
});

describe('InterleavingScheduler: fairness, caps and budgets', () => {
  // Lane 0 polls until lane 1 has set `ready`; without yielding the poll loop could run forever.
  const poller: Program = function* () {
    while (!(yield { kind: 'sql', detail: 'SELECT ready FROM jobs', readOnly: true, run: (w: World) => w.values.has('ready') })) {
      /* poll */
    }
  };
  const setter: Program = function* () {
    yield arrival;
    yield { kind: 'sql', detail: 'UPDATE jobs SET ready = true', run: (w: World) => w.values.set('ready', 1) };
  };

  it('a lane repeating a read-only statement yields, so a poll loop ends', async () => {
    const r = await scheduler(new SimulatedSystem([poller, setter], () => []), { bound: 2, maxSteps: 50 }).explore();
    expect(r).toMatchObject({ exhausted: true, capped: 0 });
    const unfair = await scheduler(new SimulatedSystem([poller, setter], () => []), { bound: 2, maxSteps: 50, yieldAfter: Number.POSITIVE_INFINITY }).explore();
    expect(unfair.capped).toBeGreaterThan(0);
  });

  it('steps per schedule are capped and the cap is reported', async () => {
    const system = new SimulatedSystem([independent(5), independent(5)], () => []);
    const r = await scheduler(system, { bound: 0, maxSteps: 4 }).explore();
    expect(r.capped).toBe(r.schedules);
    expect(system.ended.every((e) => e.outcome === 'capped')).toBe(true);
  });

  it('a schedule budget and a time budget stop the search, not exhausted', async () => {
    const byCount = await scheduler(new SimulatedSystem([independent(3), independent(3)], () => []), { bound: 4, maxSchedules: 5 }).explore();
    expect(byCount).toMatchObject({ schedules: 5, exhausted: false, stoppedBy: 'schedules' });
    const byTime = await scheduler(new SimulatedSystem([independent(3), independent(3)], () => [], 100), { bound: 4, maxMs: 350 }).explore();
    expect(byTime).toMatchObject({ schedules: 4, exhausted: false, stoppedBy: 'time' });
  });

  it('quiescence: waits the grace for a lane running outside the holds, then decides with what is held', async () => {
    const slow = (ms: number): Program =>
      function* () {
        yield { kind: 'sql', detail: 'SELECT 1', afterMs: ms };
      };
    // Within the grace (50 ms at first): both steps are there at the first decision → 2 orders.
    const within = new SimulatedSystem([independent(1), slow(30)], () => []);
    expect((await scheduler(within, { bound: 0 }).explore()).schedules).toBe(2);
    // Far beyond it: lane 0 is decided alone, then lane 1 is waited for (it is the only one left).
    const beyond = new SimulatedSystem([independent(1), slow(5_000)], () => []);
    const r = await scheduler(beyond, { bound: 0, stallMs: 10_000 }).explore();
    expect(r).toMatchObject({ schedules: 1, stalled: 0 });
  });
});

describe('InterleavingScheduler: replay', () => {
  it('replays a failing schedule exactly, every time', async () => {
    const r = await scheduler(new SimulatedSystem([naive, naive]), { bound: 2 }).explore();
    const id = r.firstFailing!.id;
    for (let i = 0; i < 10; i++) {
      const again = await scheduler(new SimulatedSystem([naive, naive]), { bound: 2 }).replay(id);
      expect(again).toMatchObject({ id, outcome: 'complete', violations: ['EXACTLY_ONE_PURCHASE'], steps: r.firstFailing!.steps, divergence: null });
    }
  });

  it('a replay that meets another step says where it diverged', async () => {
    const r = await scheduler(new SimulatedSystem([naive, naive]), { bound: 2 }).explore();
    const changed: Program = function* (lane, world) {
      yield arrival;
      yield { kind: 'sql', detail: 'SELECT number, status FROM businesses WHERE id = ?', readOnly: true, run: () => world.values.has('number') };
    };
    const replayed = await scheduler(new SimulatedSystem([changed, changed]), {}).replay(r.firstFailing!.id);
    expect(replayed.outcome).toBe('diverged');
    expect(replayed.divergence).toMatchObject({ index: expect.any(Number), expected: expect.stringMatching(/^r\dq/) });
    expect(replayed.divergence!.available.length).toBeGreaterThan(0);
    expect(replayed.divergence!.after.map((s) => s.kind)).toContain('arrival');
  });

  it('an id that is not one is a clear error', async () => {
    await expect(scheduler(new SimulatedSystem([naive, naive]), {}).replay('r0x.zz')).rejects.toThrow(/is not a schedule id: choice 1/);
  });
});
