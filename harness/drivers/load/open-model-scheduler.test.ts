import { describe, expect, it } from 'vitest';
import { arrivalOffsetsMs, rateAt, scheduledArrivals } from './arrival-schedule.ts';
import { startOpenModel, type ScheduledArrival } from './open-model-scheduler.ts';
import { VirtualClock } from './virtual-clock.test-support.ts';

/** A target that answers every request `serviceMs` after it was sent, in virtual time. */
function slowTarget(clock: VirtualClock, serviceMs: number) {
  const started: { index: number; dueMs: number; atMs: number }[] = [];
  let outstanding = 0;
  let peak = 0;
  return {
    started,
    get peak() {
      return peak;
    },
    start(arrival: ScheduledArrival) {
      started.push({ ...arrival, atMs: clock.now() });
      outstanding += 1;
      peak = Math.max(peak, outstanding);
      return clock.sleepUntil(clock.now() + serviceMs).then(() => {
        outstanding -= 1;
      });
    },
  };
}

describe('the arrival schedule', () => {
  it('counts as k6 does: 10/s for 10 s is 100, a 5 s ramp 0 → 10/s is 25, the default profile 125', () => {
    expect(scheduledArrivals([{ durationS: 0, target: 10 }, { durationS: 10, target: 10 }])).toBe(100);
    expect(scheduledArrivals([{ durationS: 5, target: 10 }])).toBe(25);
    expect(scheduledArrivals([{ durationS: 5, target: 10 }, { durationS: 10, target: 10 }])).toBe(125);
    expect([...arrivalOffsetsMs([{ durationS: 5, target: 10 }, { durationS: 10, target: 10 }])]).toHaveLength(125);
  });

  it('spaces a constant rate evenly and starts at t = 0', () => {
    const offsets = [...arrivalOffsetsMs([{ durationS: 0, target: 4 }, { durationS: 2, target: 4 }])];
    expect(offsets).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750]);
  });

  it('is non-decreasing and inside the profile through ramps up, down and 0 s jumps', () => {
    const stages = [{ durationS: 3, target: 30 }, { durationS: 0, target: 5 }, { durationS: 4, target: 50 }, { durationS: 2, target: 0 }];
    const offsets = [...arrivalOffsetsMs(stages)];
    expect(offsets.length).toBe(scheduledArrivals(stages));
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]!).toBeGreaterThanOrEqual(offsets[i - 1]!);
    expect(offsets.at(-1)!).toBeLessThan(9_000);
    expect(rateAt(stages, 1_500)).toBe(15);
    expect(rateAt(stages, 3_000)).toBe(5);
  });
});

describe('the open model', () => {
  it('keeps the schedule while the target is slow: every arrival starts at its due time', async () => {
    const clock = new VirtualClock();
    const target = slowTarget(clock, 3_000);
    const scheduler = startOpenModel({ stages: [{ durationS: 0, target: 10 }, { durationS: 10, target: 10 }], maxInFlight: 200, clock, start: (a) => target.start(a) });
    await clock.run();
    const run = await scheduler.arrivalsDone;
    expect(run).toMatchObject({ scheduled: 100, due: 100, arrivals: 100, dropped: 0, phaseMs: 10_000, stoppedBy: 'schedule' });
    // A closed-model sender with N workers would start arrival k no earlier than ⌊k/N⌋ × 3 s; the
    // open model starts each exactly on time, with 30 outstanding at the peak.
    for (const s of target.started) expect(s.atMs).toBe(s.dueMs);
    expect(target.started.at(-1)!.atMs).toBe(9_900);
    expect(target.peak).toBe(30);
    expect(await scheduler.drained(0)).toBe(true);
  });

  it('drops the arrivals that find max-in-flight reached: arrivals + dropped = the schedule', async () => {
    const clock = new VirtualClock();
    // Slower than the whole phase: only the first 5 ever find room.
    const stuck = slowTarget(clock, 60_000);
    const first = startOpenModel({ stages: [{ durationS: 0, target: 10 }, { durationS: 10, target: 10 }], maxInFlight: 5, clock, start: (a) => stuck.start(a) });
    await clock.run(20_000);
    expect(await first.arrivalsDone).toMatchObject({ scheduled: 100, arrivals: 5, dropped: 95, peakInFlight: 5 });
    expect(stuck.started.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);

    const clock2 = new VirtualClock();
    const slow = slowTarget(clock2, 1_050);
    const second = startOpenModel({ stages: [{ durationS: 0, target: 10 }, { durationS: 10, target: 10 }], maxInFlight: 5, clock: clock2, start: (a) => slow.start(a) });
    await clock2.run();
    const run = await second.arrivalsDone;
    expect(run.arrivals + run.dropped).toBe(100);
    expect(run.dropped).toBeGreaterThan(0);
    expect(slow.peak).toBeLessThanOrEqual(5);
    // Room frees 1.05 s after each send: 5 sent, 6 dropped, and so on, each sent on its due time.
    expect(slow.started.slice(0, 7).map((s) => s.atMs)).toEqual([0, 100, 200, 300, 400, 1100, 1200]);
    for (const s of slow.started) expect(s.atMs).toBe(s.dueMs);
  });

  it('ramps as the stages say: arrivals per second of its own clock within ±1 of the integral of the rate', async () => {
    const clock = new VirtualClock();
    const target = slowTarget(clock, 500);
    const stages = [{ durationS: 10, target: 20 }, { durationS: 5, target: 20 }, { durationS: 5, target: 0 }];
    const scheduler = startOpenModel({ stages, maxInFlight: 1_000, clock, start: (a) => target.start(a) });
    await clock.run();
    const run = await scheduler.arrivalsDone;
    expect(run.arrivals).toBe(10 * 10 + 5 * 20 + 5 * 10);
    const perSecond = new Array(20).fill(0) as number[];
    for (const s of target.started) perSecond[Math.floor(s.atMs / 1000)]! += 1;
    for (let second = 0; second < 20; second++) {
      const expected = (rateAt(stages, second * 1000) + rateAt(stages, (second + 1) * 1000)) / 2;
      expect(Math.abs(perSecond[second]! - expected), `second ${second}: ${perSecond[second]} vs ${expected}`).toBeLessThanOrEqual(1);
    }
  });

  it('stops the arrivals on its signal or when asked to, and counts only what came due', async () => {
    const clock = new VirtualClock();
    const target = slowTarget(clock, 100);
    const controller = new AbortController();
    const scheduler = startOpenModel({ stages: [{ durationS: 0, target: 10 }, { durationS: 10, target: 10 }], maxInFlight: 50, clock, signal: controller.signal, start: (a) => target.start(a) });
    await clock.run(2_050);
    controller.abort();
    await clock.run();
    expect(await scheduler.arrivalsDone).toMatchObject({ due: 21, arrivals: 21, dropped: 0, stoppedBy: 'signal', phaseMs: 2_000 });

    const clock2 = new VirtualClock();
    const target2 = slowTarget(clock2, 100);
    const byThreshold = startOpenModel({
      stages: [{ durationS: 0, target: 10 }, { durationS: 10, target: 10 }], maxInFlight: 50, clock: clock2,
      start: (a) => target2.start(a), shouldStop: () => target2.started.length >= 7,
    });
    await clock2.run();
    expect(await byThreshold.arrivalsDone).toMatchObject({ due: 7, arrivals: 7, stoppedBy: 'threshold' });
  });

  it('counts an arrival with no business ready as dropped, and waits a bounded time for stragglers', async () => {
    const clock = new VirtualClock();
    let left = 3;
    const scheduler = startOpenModel({
      stages: [{ durationS: 0, target: 10 }, { durationS: 1, target: 10 }], maxInFlight: 50, clock,
      start: () => (left-- > 0 ? clock.sleepUntil(clock.now() + 60_000) : null),
    });
    const drained = scheduler.drained(5_000);
    await clock.run();
    expect(await scheduler.arrivalsDone).toMatchObject({ arrivals: 3, dropped: 7, droppedUnstarted: 7 });
    expect(await drained).toBe(false);
  });
});
