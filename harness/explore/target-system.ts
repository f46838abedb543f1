// A real target as an ExplorableSystem: K onboarding requests whose arrivals are held
// (held-arrival.ts), whose SQL is held at the proxy and whose Twilio calls are held at the fake.
// The explore driver (harness/drivers/explore/) runs scenario interleavings with it.
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
import type { ProxyEvent, StepSnapshot } from './client-step.ts';
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
  /** Told when a request's final byte is written (the driver records the request in the history then). */
  onRelease?: (lane: number, arrival: HeldArrival) => void;
}

/**
 * A new step that several running lanes could have made is left unattributed this long, in case
 * all but one of them reach a hold or finish meanwhile (then it is exact); after it, the heuristic.
 */
const AMBIGUOUS_WAIT_MS = 400;
/** A Twilio call about one number names it in its path (`IncomingPhoneNumbers/PN….json`). */
const NUMBER_SID_IN_PATH = /\/IncomingPhoneNumbers\/(PN[0-9a-fA-F]{32})/;

/** SQLSTATE of a transaction PostgreSQL's deadlock detector ended. */
const DEADLOCK_DETECTED = '40P01';

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
  private readonly deadlockSteps = new Set<number>();
  /** Holds seen in the last snapshot, by id. */
  private holdById = new Map<number, HeldTwilioCall>();
  /**
   * Purchase seq → lane, for purchase calls released whose response hold has not appeared yet: the
   * fake holds every committed purchase's response, so that lane is not running its own code (a new
   * SQL step is never its), and the next decision waits for the response hold.
   */
  private readonly awaitingResponse = new Map<number, number>();
  /** When a step or hold still unattributed was first seen (`q<id>`, `h<id>`). */
  private readonly firstSeen = new Map<string, number>();
  /** Number SID → lane, from the ledger, for calls about a number bought in this schedule. */
  private laneOfSid = new Map<string, number>();
  /** The oldest first sighting among the steps the last snapshot left unattributed (null: none). */
  private deferredSince: number | null = null;

  constructor(private readonly o: TargetSystemOptions) {}

  /** Statements PostgreSQL's deadlock detector ended (40P01), over every schedule so far. */
  get deadlocks(): number {
    return this.deadlockSteps.size;
  }

  async begin(): Promise<void> {
    await this.o.proxy.setMode('pass');
    await this.o.twilio.setHolds(false);
    const requests = await this.o.prepare();
    this.laneOfStep.clear();
    this.laneOfHold.clear();
    this.laneOfConnection.clear();
    this.purchaseOf.clear();
    this.awaitingResponse.clear();
    this.holdById.clear();
    this.firstSeen.clear();
    this.laneOfSid.clear();
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
    this.holdById = new Map(held.map((h) => [h.id, h]));
    for (const h of held) if (h.phase === 'response' && h.purchaseSeq !== null) this.awaitingResponse.delete(h.purchaseSeq);
    for (const [seq, lane] of this.awaitingResponse) if (this.answered.has(lane)) this.awaitingResponse.delete(seq);
    const awaiting = new Set(this.awaitingResponse.values());
    const running = (): number[] => {
      const busy = new Set([...pending.map((p) => p.lane), ...blocked, ...done, ...awaiting]);
      return this.arrivals.map((_, lane) => lane).filter((lane) => !busy.has(lane));
    };
    // A pipelining client (psycopg's pipeline mode, postgres.js) can have several steps held on one
    // connection: they go in order, so only the first is offered.
    const frontOfConnection = new Set<number>();
    const addStep = (s: StepSnapshot, lane: number) => {
      if (s.state === 'blocked') blocked.add(lane);
      if (s.state === 'released') awaiting.add(lane);
      if (s.state !== 'held' || frontOfConnection.has(s.connectionId)) return;
      frontOfConnection.add(s.connectionId);
      pending.push({ handle: `q${s.id}`, lane, kind: 'sql', detail: s.label, readOnly: s.readOnly, together: s.togetherRefusal === null });
    };
    const addHold = (h: HeldTwilioCall, lane: number) => {
      pending.push({ handle: `h${h.id}`, lane, kind: h.phase === 'call' ? 'twilio' : 'response', detail: h.operation, droppable: h.phase === 'response' });
    };
    await this.learnNumberSids(held);
    this.deferredSince = null;
    const sortedSteps = [...steps].sort((x, y) => x.id - y.id);
    const sortedHolds = [...held].sort((x, y) => x.id - y.id);
    // What is already attributed first, so that a lane holding a step is never taken for a running
    // one when a new step is attributed; then the new steps and holds, to the lanes still running.
    for (const s of sortedSteps) {
      const lane = this.laneOfStep.get(s.id);
      if (lane !== undefined) addStep(s, lane);
    }
    for (const h of sortedHolds) {
      const lane = this.laneOfHold.get(h.id);
      if (lane !== undefined) addHold(h, lane);
    }
    for (const s of sortedSteps) {
      if (this.laneOfStep.has(s.id)) continue;
      const lane = this.attribute(s, running());
      if (lane !== undefined) addStep(s, lane);
    }
    for (const h of sortedHolds) {
      if (this.laneOfHold.has(h.id)) continue;
      const lane = this.attributeHold(h, running());
      if (lane !== undefined) addHold(h, lane);
    }
    for (const lane of [...blocked, ...done]) awaiting.delete(lane);
    return { pending, blockedLanes: [...blocked], doneLanes: done, awaitingLanes: [...awaiting] };
  }

  async waitForChange(ms: number): Promise<boolean> {
    // The long-polls outlive one wait (they cannot be cancelled): the next wait reuses them, so a
    // short grace never waits for a long poll to time out.
    this.proxyPoll ??= this.o.proxy
      .events(this.proxyCursor, POLL_MS)
      .then((r) => {
        this.proxyCursor = r.last;
        this.noteDeadlocks(r.events);
        return r.events.length > 0;
      }, () => false)
      .finally(() => (this.proxyPoll = undefined));
    this.holdPoll ??= this.o.twilio
      .holdEvents(this.holdCursor, POLL_MS)
      .then((r) => ((this.holdCursor = r.last), r.events.length > 0), () => false)
      .finally(() => (this.holdPoll = undefined));
    // A step left unattributed is decided when its wait is over, not after the whole grace.
    if (this.deferredSince !== null) ms = Math.min(ms, AMBIGUOUS_WAIT_MS - (performance.now() - this.deferredSince));
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
    if (step.handle.startsWith('a')) this.releaseArrival(id);
    else if (step.handle.startsWith('q')) await this.o.proxy.release(id);
    else {
      const hold = this.holdById.get(id);
      if (hold?.phase === 'call' && hold.purchaseSeq !== null) this.awaitingResponse.set(hold.purchaseSeq, step.lane);
      await this.o.twilio.releaseHolds(id);
    }
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
    this.arrivals.forEach((a, lane) => a.state === 'held' && this.releaseArrival(lane));
    const timeoutMs = this.o.answerTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const settled = await Promise.race([Promise.allSettled(this.arrivals.map((a) => a.response)), late]);
    clearTimeout(timer);
    for (const a of this.arrivals) await a[Symbol.asyncDispose]();
    // What happened after the last decision (a deadlock ended once the holds were let go) counts too.
    this.noteDeadlocks((await this.o.proxy.events(this.proxyCursor, 0).catch(() => null))?.events ?? []);
    if (settled === 'late') throw new Error(`the target did not answer every request within ${timeoutMs} ms after the schedule ended`);
    return { violations: await this.o.judge() };
  }

  /** Counts each statement PostgreSQL's deadlock detector ended once, however many times its events are read. */
  private noteDeadlocks(events: readonly ProxyEvent[]): void {
    for (const e of events) if (e.kind === 'step' && e.step.error?.startsWith(DEADLOCK_DETECTED)) this.deadlockSteps.add(e.step.id);
  }

  private releaseArrival(lane: number): void {
    const arrival = this.arrivals[lane]!;
    arrival.release();
    this.o.onRelease?.(lane, arrival);
  }

  /** Whether to leave a new step unattributed for now: several lanes could have made it, and not for long. */
  private undecided(key: string, running: number[]): boolean {
    if (running.length < 2) return false;
    const seen = this.firstSeen.get(key) ?? performance.now();
    this.firstSeen.set(key, seen);
    const waiting = performance.now() - seen < AMBIGUOUS_WAIT_MS;
    if (waiting) this.deferredSince = Math.min(this.deferredSince ?? seen, seen);
    return waiting;
  }

  /** Calls about a number (configure, release) belong to the lane that bought it: learn the SIDs from the ledger when one appears. */
  private async learnNumberSids(held: HeldTwilioCall[]): Promise<void> {
    const unknown = held.filter((h) => !this.laneOfHold.has(h.id) && h.phase === 'call' && NUMBER_SID_IN_PATH.test(h.path) && !this.laneOfSid.has(NUMBER_SID_IN_PATH.exec(h.path)![1]!));
    if (unknown.length === 0) return;
    const lanesBySeq = new Map<number, number>();
    for (const [holdId, seq] of this.purchaseOf) {
      const lane = this.laneOfHold.get(holdId);
      if (lane !== undefined) lanesBySeq.set(seq, lane);
    }
    const ledger = await this.o.twilio.ledger().catch(() => null);
    for (const p of ledger?.purchases ?? []) {
      const lane = lanesBySeq.get(p.seq);
      if (p.sid && lane !== undefined) this.laneOfSid.set(p.sid, lane);
    }
  }

  private attribute(step: StepSnapshot, running: number[]): number | undefined {
    const byConnection = this.laneOfConnection.get(step.connectionId);
    const exact = byConnection !== undefined && running.includes(byConnection) ? byConnection : undefined;
    if (exact === undefined && this.undecided(`q${step.id}`, running)) return undefined;
    const lane = exact ?? running[0];
    if (lane === undefined) return undefined; // no lane running: not ours (a background job); left alone
    this.laneOfStep.set(step.id, lane);
    this.laneOfConnection.set(step.connectionId, lane);
    return lane;
  }

  private attributeHold(hold: HeldTwilioCall, running: number[]): number | undefined {
    // A response follows its own call: the purchase seq ties them.
    const call = hold.phase === 'response' ? [...this.laneOfHold].find(([id]) => id < hold.id && this.purchaseOf.get(id) === hold.purchaseSeq) : undefined;
    // A call about a number goes to the lane that bought it, if that lane is still running (another
    // lane may have adopted the number, when the buyer's response was lost).
    const sid = NUMBER_SID_IN_PATH.exec(hold.path)?.[1];
    const buyer = sid !== undefined ? this.laneOfSid.get(sid) : undefined;
    const owner = call?.[1] ?? (buyer !== undefined && running.includes(buyer) ? buyer : undefined);
    if (owner === undefined && this.undecided(`h${hold.id}`, running)) return undefined;
    const lane = owner ?? running[0];
    if (lane === undefined) return undefined;
    this.laneOfHold.set(hold.id, lane);
    if (hold.purchaseSeq !== null) this.purchaseOf.set(hold.id, hold.purchaseSeq);
    return lane;
  }
}
