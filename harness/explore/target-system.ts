// A real target as an ExplorableSystem: K onboarding requests whose arrivals are held
// (held-arrival.ts), whose SQL is held at the proxy and whose Twilio calls are held at the fake.
// Not wired into `run`, the gate or the matrix yet.
//
// Lane attribution. Proxy steps and fake holds carry no request identity, and pooled connections
// serve any request. But the scheduler lets lanes go one decision at a time and waits for
// quiescence, so a new step belongs to a lane that is *running* (released, and not yet holding a
// step, blocked or done). With one running lane that is exact. With several (a group released
// together, or a blocked step set free by another lane's commit) a SQL step goes to the lane that
// last used its connection if that lane is running, else to the lowest running lane; a wrong guess
// shows up as a replay divergence, never as a wrong verdict (the verdict reads the fake's ledger).
import type { FakeTwilioAdmin, HeldTwilioCall } from '../../fake-twilio/index.ts';
import type { ExplorableSystem, ScheduleOutcome } from './interleaving-scheduler.ts';
import type { PgProxyControl } from './pg-proxy-control.ts';
import type { StepSnapshot } from './client-step.ts';
import { holdArrival, type ArrivalRequest, type HeldArrival } from './held-arrival.ts';
import type { PendingStep, SystemSnapshot } from './schedule-step.ts';

/** How long one event long-poll may stay open. */
const POLL_MS = 5_000;

export interface TargetSystemOptions {
  proxy: PgProxyControl;
  twilio: FakeTwilioAdmin;
  /** A fresh business's K onboarding requests (called in pass mode, before each schedule). */
  prepare: () => Promise<ArrivalRequest[]>;
  /** The invariants broken by the schedule that just ended (read after every request answered). */
  judge: () => Promise<string[]>;
  /** How long the end of a schedule waits for the requests' answers once everything is let go. */
  answerTimeoutMs?: number;
}

export class TargetSystem implements ExplorableSystem {
  private arrivals: HeldArrival[] = [];
  private answered = new Set<number>();
  private laneOfStep = new Map<number, number>();
  private laneOfHold = new Map<number, number>();
  private laneOfConnection = new Map<number, number>();
  /** Hold id → purchase seq, so a purchase's response goes to the lane of its call. */
  private readonly purchaseOf = new Map<number, number>();
  private proxyCursor = 0;
  private holdCursor = 0;
  private proxyPoll: Promise<boolean> | undefined;
  private holdPoll: Promise<boolean> | undefined;

  constructor(private readonly o: TargetSystemOptions) {}

  async begin(): Promise<void> {
    await this.o.proxy.setMode('pass');
    await this.o.twilio.setHolds(false);
    const requests = await this.o.prepare();
    this.laneOfStep.clear();
    this.laneOfHold.clear();
    this.laneOfConnection.clear();
    this.purchaseOf.clear();
    this.answered = new Set();
    await this.o.proxy.setMode('hold');
    await this.o.twilio.setHolds(true);
    this.proxyCursor = (await this.o.proxy.events(0, 0)).last;
    this.holdCursor = (await this.o.twilio.holdEvents(0, 0)).last;
    this.arrivals = [];
    for (const r of requests) this.arrivals.push(await holdArrival(r));
    this.arrivals.forEach((a, lane) => void a.response.then(() => this.answered.add(lane), () => this.answered.add(lane)));
  }

  async snapshot(): Promise<SystemSnapshot> {
    const [{ steps }, { held }] = await Promise.all([this.o.proxy.state(), this.o.twilio.holds()]);
    const pending: PendingStep[] = [];
    const blocked = new Set<number>();
    const done = [...this.answered];
    this.arrivals.forEach((a, lane) => {
      if (a.state === 'held') pending.push({ handle: `a${lane}`, lane, kind: 'arrival', detail: 'POST onboarding' });
    });
    const running = (): number[] => {
      const busy = new Set([...pending.map((p) => p.lane), ...blocked, ...done]);
      return this.arrivals.map((_, lane) => lane).filter((lane) => !busy.has(lane));
    };
    for (const s of [...steps].sort((x, y) => x.id - y.id)) {
      const lane = this.laneOfStep.get(s.id) ?? this.attribute(s, running());
      if (lane === undefined) continue;
      if (s.state === 'blocked') blocked.add(lane);
      if (s.state === 'held') pending.push({ handle: `q${s.id}`, lane, kind: 'sql', detail: s.label, readOnly: s.readOnly, together: s.endsWith !== 'flush' });
    }
    for (const h of [...held].sort((x, y) => x.id - y.id)) {
      const lane = this.laneOfHold.get(h.id) ?? this.attributeHold(h, running());
      if (lane === undefined) continue;
      pending.push({ handle: `h${h.id}`, lane, kind: h.phase === 'call' ? 'twilio' : 'response', detail: h.operation, droppable: h.phase === 'response' });
    }
    return { pending, blockedLanes: [...blocked], doneLanes: done };
  }

  async waitForChange(ms: number): Promise<boolean> {
    // The long-polls outlive one wait (they cannot be cancelled): the next wait reuses them, so a
    // short grace never waits for a long poll to time out.
    this.proxyPoll ??= this.o.proxy
      .events(this.proxyCursor, POLL_MS)
      .then((r) => ((this.proxyCursor = r.last), r.events.length > 0), () => false)
      .finally(() => (this.proxyPoll = undefined));
    this.holdPoll ??= this.o.twilio
      .holdEvents(this.holdCursor, POLL_MS)
      .then((r) => ((this.holdCursor = r.last), r.events.length > 0), () => false)
      .finally(() => (this.holdPoll = undefined));
    const before = this.answered.size;
    const open = this.arrivals.filter((_, lane) => !this.answered.has(lane)).map((a) => a.response.then(() => true, () => true));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(1, ms))));
    const changed = await Promise.race([this.proxyPoll, this.holdPoll, ...open, timeout]);
    clearTimeout(timer);
    return changed || this.answered.size > before;
  }

  async release(step: PendingStep): Promise<void> {
    const id = Number(step.handle.slice(1));
    if (step.handle.startsWith('a')) this.arrivals[id]!.release();
    else if (step.handle.startsWith('q')) await this.o.proxy.release(id);
    else await this.o.twilio.releaseHolds(id);
  }

  async releaseTogether(steps: PendingStep[]): Promise<void> {
    await this.o.proxy.releaseTogether(...steps.map((s) => Number(s.handle.slice(1))));
  }

  async drop(step: PendingStep): Promise<void> {
    await this.o.twilio.dropHolds(Number(step.handle.slice(1)));
  }

  async end(_outcome: ScheduleOutcome): Promise<{ violations: string[] }> {
    await this.o.proxy.setMode('pass');
    await this.o.twilio.setHolds(false);
    for (const a of this.arrivals) if (a.state === 'held') a.release();
    const timeoutMs = this.o.answerTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const settled = await Promise.race([Promise.allSettled(this.arrivals.map((a) => a.response)), late]);
    clearTimeout(timer);
    for (const a of this.arrivals) await a[Symbol.asyncDispose]();
    if (settled === 'late') throw new Error(`the target did not answer every request within ${timeoutMs} ms after the schedule ended`);
    return { violations: await this.o.judge() };
  }

  private attribute(step: StepSnapshot, running: number[]): number | undefined {
    const byConnection = this.laneOfConnection.get(step.connectionId);
    const lane = byConnection !== undefined && running.includes(byConnection) ? byConnection : running[0];
    if (lane === undefined) return undefined; // no lane running: not ours (a background job); left alone
    this.laneOfStep.set(step.id, lane);
    this.laneOfConnection.set(step.connectionId, lane);
    return lane;
  }

  private attributeHold(hold: HeldTwilioCall, running: number[]): number | undefined {
    // A response follows its own call: the purchase seq ties them.
    const call = hold.phase === 'response' ? [...this.laneOfHold].find(([id]) => id < hold.id && this.purchaseOf.get(id) === hold.purchaseSeq) : undefined;
    const lane = call ? call[1] : running[0];
    if (lane === undefined) return undefined;
    this.laneOfHold.set(hold.id, lane);
    if (hold.purchaseSeq !== null) this.purchaseOf.set(hold.id, hold.purchaseSeq);
    return lane;
  }
}
