import { describe, expect, it } from 'vitest';
import { loadSettingsOf, parseThreshold, type ThresholdSpec } from '../../config/index.ts';
import type { EngineRequest, EngineResponse } from '../../engines/index.ts';
import { createHistoryRecorder } from '../../history/index.ts';
import type { DriveContext } from '../driver.ts';
import type { LoadEvidence } from './load-evidence.ts';
import { driveLoad } from './load-driver.ts';
import { NO_PURCHASE_FEED } from './purchase-feed.ts';
import { VirtualClock } from './virtual-clock.test-support.ts';

const threshold = (text: string) => parseThreshold(text) as ThresholdSpec;

/** An engine whose every answer takes `serviceMs` of virtual time; aborting answers at once. */
function virtualEngine(clock: VirtualClock, serviceMs: number, status = 200) {
  const sent: { url: string; key: string | null; atMs: number }[] = [];
  return {
    sent,
    async send(request: EngineRequest, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<EngineResponse> {
      const invokeNs = BigInt(Math.round(clock.now() * 1e6));
      sent.push({ url: request.url, key: request.headers['idempotency-key'] ?? null, atMs: clock.now() });
      const timeoutMs = opts.timeoutMs ?? 30_000;
      await clock.sleepUntil(clock.now() + Math.min(serviceMs, timeoutMs), opts.signal);
      const completeNs = BigInt(Math.round(clock.now() * 1e6));
      const answered = serviceMs <= timeoutMs && !opts.signal?.aborted;
      return {
        status: answered ? status : null, headers: {}, body: answered ? JSON.stringify({ success: status < 300 }) : null,
        error: answered ? null : opts.signal?.aborted ? 'aborted' : 'timeout', invokeNs, sendNs: invokeNs, completeNs, arrivalNs: null,
      };
    },
  };
}

function contextFor(clock: VirtualClock, engine: ReturnType<typeof virtualEngine>, load: Parameters<typeof loadSettingsOf>[0], signal = new AbortController().signal) {
  let next = 0;
  const progress: string[] = [];
  const history = createHistoryRecorder({ scenario: 'sustained-load', now: () => BigInt(Math.round(clock.now() * 1e6)) });
  const context = {
    history, engine, fleet: { urls: ['http://127.0.0.1:1', 'http://127.0.0.1:2'] }, plan: { areaCode: '828' }, requestTimeoutMs: 30_000, signal, seed: 1, variant: 'fixed',
    seedBusinesses: async ({ count }: { count: number }) => Array.from({ length: count }, () => ({ id: `b${next}`, name: `B ${next++}`, ownerToken: 't' })),
    progress: (line: string) => progress.push(line), fake: null, load: loadSettingsOf(load),
  } as unknown as DriveContext;
  return { context, progress, history };
}

async function drive(clock: VirtualClock, context: DriveContext): Promise<LoadEvidence> {
  const outcome = driveLoad(context, { clock, feed: NO_PURCHASE_FEED });
  await clock.run();
  return (await outcome).evidence.load!;
}

describe('the load driver', () => {
  it('runs the default profile: 125 arrivals over 15 s, a series point per second, progress every 5 s', async () => {
    const clock = new VirtualClock();
    const engine = virtualEngine(clock, 400);
    const { context, progress, history } = contextFor(clock, engine, { duplicates: 0 });
    const load = await drive(clock, context);
    expect(load).toMatchObject({ scheduled: 125, arrivals: 125, dropped: 0, achievedRatePerS: 8.33, phaseMs: 15_000, maxInFlight: 200, stoppedBy: 'schedule', interrupted: false });
    expect(load.stages).toEqual([{ durationS: 5, target: 10 }, { durationS: 10, target: 10 }]);
    expect(load.latencyMs).toMatchObject({ p50: 400, p95: 400, max: 400 });
    // One point per second of the arrival phase, and the drain's last 0.3 s.
    expect(load.series.map((p) => p.t)).toEqual([...Array.from({ length: 15 }, (_, i) => i + 1), 15.3]);
    expect(load.series.reduce((s, p) => s + p.arrivals, 0)).toBe(125);
    expect(load.series.reduce((s, p) => s + p.completed, 0)).toBe(125);
    expect(load.series[9]).toMatchObject({ arrivals: 10, inFlight: 4, p50Ms: 400, p95Ms: 400, p99Ms: 400, dropped: 0 });
    expect(load.startedAtNs).toMatch(/^[0-9]+$/);
    expect(progress.filter((l) => l.startsWith('load 5s/15s')).length).toBe(1);
    expect(history.operations()).toHaveLength(125);
    // Arrivals alternate over the target's instances.
    expect(new Set(engine.sent.map((s) => s.url.slice(0, 20)))).toEqual(new Set(['http://127.0.0.1:1/a', 'http://127.0.0.1:2/a']));
  });

  it('on a terminal updates a live bar every second instead of printing plain lines, and removes it after the drain', async () => {
    const clock = new VirtualClock();
    const { context, progress } = contextFor(clock, virtualEngine(clock, 400), { rate: 10, durationMs: 6_000, duplicates: 0 });
    const updates: Array<{ value: number; total: number; text: string }> = [];
    let ended = 0;
    Object.assign(context, { live: { update: (value: number, total: number, text: string) => updates.push({ value, total, text }), end: () => { ended++; } } });
    await drive(clock, context);
    expect(updates.map((u) => u.value)).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
    expect(updates.every((u) => u.total === 6_000)).toBe(true);
    expect(updates[2]!.text).toMatch(/^load 3s\/6s · 10\.0 arrivals\/s · 30 sent, 0 dropped · 4 in flight · p95 400 ms · 0 business\(es\) bought twice so far$/);
    expect(progress.filter((l) => l.startsWith('load '))).toEqual([]);
    expect(ended).toBe(1);
  });

  it('evaluates thresholds at the end and counts errors as the contract says', async () => {
    const clock = new VirtualClock();
    const { context } = contextFor(clock, virtualEngine(clock, 50, 503), {
      rate: 10, durationMs: 2_000, duplicates: 0, thresholds: ['error_rate<0.01', 'p95<=50', 'achieved_rate>=10', 'dropped<=0'].map(threshold),
    });
    const load = await drive(clock, context);
    expect(load.thresholds).toEqual([
      { expression: 'error_rate<0.01', value: 1, ok: false },
      { expression: 'p95<=50', value: 50, ok: true },
      { expression: 'achieved_rate>=10', value: 10, ok: true },
      { expression: 'dropped<=0', value: 0, ok: true },
    ]);
    const clock409 = new VirtualClock();
    const conflict = await drive(clock409, contextFor(clock409, virtualEngine(clock409, 50, 409), { rate: 10, durationMs: 1_000, duplicates: 0 }).context);
    expect(conflict.errors).toBe(0);
  });

  it('--abort-on-fail stops the arrivals once a threshold can no longer hold', async () => {
    const clock = new VirtualClock();
    const { context, progress } = contextFor(clock, virtualEngine(clock, 5_000), { rate: 10, durationMs: 60_000, duplicates: 0, maxInFlight: 3, thresholds: [threshold('dropped<5')], abortOnFail: true });
    const load = await drive(clock, context);
    expect(load).toMatchObject({ stoppedBy: 'threshold', arrivals: 3, dropped: 5, interrupted: false });
    expect(load.due).toBeLessThan(load.scheduled);
    expect(load.thresholds).toEqual([{ expression: 'dropped<5', value: 5, ok: false }]);
    // The series says when they were dropped, and accounts for every one.
    expect(load.series.reduce((s, p) => s + (p.dropped ?? 0), 0)).toBe(5);
    expect(progress.some((l) => l.includes('--abort-on-fail') && l.includes('dropped<5'))).toBe(true);
  });

  it('on its signal stops scheduling, waits for what is in flight, and marks the evidence interrupted', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const { context, history } = contextFor(clock, virtualEngine(clock, 200), { rate: 10, durationMs: 60_000, duplicates: 0 }, controller.signal);
    const outcome = driveLoad(context, { clock, feed: NO_PURCHASE_FEED });
    await clock.run(3_050);
    controller.abort();
    await clock.run();
    const { evidence, unjudged } = await outcome;
    expect(evidence.load!).toMatchObject({ stoppedBy: 'signal', interrupted: true, arrivals: 31, undrained: 0 });
    expect(history.pendingCount()).toBe(0);
    // What was in flight was let finish, not cut off by the signal: the app's state is whole.
    expect(history.operations().every((op) => op.status === 200)).toBe(true);
    // The businesses no arrival took (the rest of the 60 s schedule) are handed back, unjudged.
    expect(unjudged).toHaveLength(600 - 31);
    expect(unjudged).not.toContain('b0');
  });

  it('on its signal gives up on requests that outlast the drain bound, and leaves their businesses unjudged', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const { context, history } = contextFor(clock, virtualEngine(clock, 25_000), { rate: 10, durationMs: 60_000, duplicates: 0 }, controller.signal);
    const outcome = driveLoad(context, { clock, feed: NO_PURCHASE_FEED, interruptDrainMs: 2_000 });
    await clock.run(1_050);
    controller.abort();
    await clock.run();
    const { evidence, unjudged } = await outcome;
    expect(evidence.load!).toMatchObject({ stoppedBy: 'signal', interrupted: true, arrivals: 11, undrained: 11 });
    expect(history.pendingCount()).toBe(0);
    expect(history.operations().every((op) => op.status === null)).toBe(true);
    const cutOff = Array.from({ length: 11 }, (_, i) => `b${i}`);
    expect(unjudged).toEqual(expect.arrayContaining(cutOff));
    expect(unjudged).toHaveLength(600);
  });

  it('sends duplicates with the keys of their client behaviour, and retries only after a client timeout', async () => {
    const clock = new VirtualClock();
    const engine = virtualEngine(clock, 2_000);
    const { context, history } = contextFor(clock, engine, { rate: 10, durationMs: 3_000, duplicates: 1 });
    const load = await drive(clock, context);
    const ops = history.operations();
    expect(load.requests).toBe(ops.length);
    const timedOut = ops.filter((op) => op.fault === 'client-timeout');
    // Every retry client gave up on its first request (2 s is past its patience) and sent one retry.
    expect(timedOut.length).toBeGreaterThan(0);
    expect(timedOut.every((op) => op.outcome === 'info' && op.error === 'timeout')).toBe(true);
    expect(ops.length).toBe(60);
    expect(load.errors).toBe(0);
  });
});
