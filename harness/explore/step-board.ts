import type { BatchSummary } from './client-batch.ts';
import type { ConnectionSnapshot, ProxyMode, StepSnapshot, StepState } from './client-step.ts';
import { PgProxyControlError } from './control-error.ts';
import { ProxyEventLog } from './proxy-event-log.ts';
import { TogetherGroup } from './together-group.ts';
import { togetherRefusal } from './together-rules.ts';

// The proxy's one record of connections and steps, and the only place a step changes state:
// connections submit steps, the control API releases them, the response tracker answers them,
// the blocked watcher marks them. Every change is an event in the log.

export interface StepRecord extends Omit<StepSnapshot, 'together' | 'togetherRefusal'> {
  summary: BatchSummary;
  /** Writes the step to PostgreSQL. */
  send: (stepId: number) => void;
  /** Writes the step to PostgreSQL inside a proxy-opened transaction, as a member of `group`. */
  sendTogether: (stepId: number, group: TogetherGroup) => void;
  /** The blocked watcher's poll generation when the step was released (older polls say nothing of it). */
  releasedAtPoll: number;
  group: TogetherGroup | null;
}

export type NewStep = Pick<StepSnapshot, 'connectionId' | 'backendPid' | 'seq' | 'label' | 'sql' | 'readOnly' | 'endsWith'> &
  Pick<StepRecord, 'summary' | 'send' | 'sendTogether'>;

const SETTLED: ReadonlySet<StepState> = new Set(['answered', 'dropped']);

export class StepBoard {
  readonly log = new ProxyEventLog();
  private currentMode: ProxyMode;
  private readonly steps = new Map<number, StepRecord>();
  private readonly connections = new Map<number, ConnectionSnapshot>();
  /** Each connection's transaction status at its last ReadyForQuery. */
  private readonly transactionStatus = new Map<number, 'I' | 'T' | 'E'>();
  private nextStep = 1;
  private nextConnection = 1;
  /** Set by the blocked watcher before each poll. */
  pollGeneration = 0;
  private readonly releaseListeners = new Set<() => void>();

  constructor(mode: ProxyMode) {
    this.currentMode = mode;
  }

  get mode(): ProxyMode {
    return this.currentMode;
  }

  openConnection(backendPid: number): number {
    const connection: ConnectionSnapshot = { connectionId: this.nextConnection++, backendPid, open: true };
    this.connections.set(connection.connectionId, connection);
    this.transactionStatus.set(connection.connectionId, 'I');
    this.log.append({ kind: 'connection-opened', connection: { ...connection } });
    return connection.connectionId;
  }

  closeConnection(connectionId: number, reason: string, unanswered: number[]): void {
    const connection = this.connections.get(connectionId);
    if (!connection) return;
    for (const step of [...this.steps.values()]) {
      // A held step whose client left is never sent; a sent one will never be answered to anyone.
      if (step.connectionId !== connectionId) continue;
      if (step.state === 'held' || unanswered.includes(step.id) || step.group) {
        step.group?.done(step.id);
        this.settle(step, 'dropped');
      }
    }
    this.connections.delete(connectionId);
    this.transactionStatus.delete(connectionId);
    this.log.append({ kind: 'connection-closed', connection: { ...connection, open: false }, reason });
  }

  submit(input: NewStep): StepRecord {
    const step: StepRecord = { ...input, id: this.nextStep++, state: 'held', blockedBy: [], error: null, transactionStatus: null, releasedAtPoll: 0, group: null };
    this.steps.set(step.id, step);
    if (this.currentMode === 'pass') this.sendStep(step);
    else this.emit(step);
    return step;
  }

  /** Releases held steps in the given order; a connection's steps only in their own order. */
  release(ids: number[]): StepSnapshot[] {
    if (new Set(ids).size !== ids.length) throw new PgProxyControlError(400, 'E_PG_PROXY_DUPLICATE_STEP', `step ids repeat: ${JSON.stringify(ids)}`, 'name each step once');
    const steps = ids.map((id) => this.heldStep(id));
    const before = new Set<number>();
    for (const step of steps) {
      const earlier = this.heldOf(step.connectionId).find((s) => s.seq < step.seq && !before.has(s.id));
      if (earlier) {
        throw new PgProxyControlError(409, 'E_PG_PROXY_STEP_ORDER', `step ${step.id} (connection ${step.connectionId}, seq ${step.seq}) cannot go before step ${earlier.id} (seq ${earlier.seq}) of the same connection`, `release step ${earlier.id} first (earlier in the same list, or in an earlier call)`);
      }
      before.add(step.id);
    }
    for (const step of steps) this.sendStep(step);
    return steps.map(snapshot);
  }

  /**
   * Releases one held autocommit step of each of several connections so that they overlap inside
   * the database (together-group.ts says how, and why that is a legal execution).
   */
  releaseTogether(ids: number[]): StepSnapshot[] {
    if (this.currentMode !== 'hold') throw new PgProxyControlError(409, 'E_PG_PROXY_NOT_HOLDING', 'steps are released together only in hold mode', 'PUT /mode {"mode":"hold"} first');
    if (ids.length < 2) throw new PgProxyControlError(400, 'E_PG_PROXY_TOGETHER_SIZE', `releasing together needs two steps or more, got ${ids.length}`, 'use POST /release for one step');
    if (new Set(ids).size !== ids.length) throw new PgProxyControlError(400, 'E_PG_PROXY_DUPLICATE_STEP', `step ids repeat: ${JSON.stringify(ids)}`, 'name each step once');
    const steps = ids.map((id) => this.heldStep(id));
    const connections = new Set<number>();
    for (const step of steps) {
      const refuse = (why: string, fix: string) => new PgProxyControlError(409, 'E_PG_PROXY_NOT_TOGETHER', `step ${step.id} cannot be released together: ${why}`, fix);
      if (connections.has(step.connectionId)) throw refuse(`another step of connection ${step.connectionId} is in the same call`, 'release at most one step per connection together');
      connections.add(step.connectionId);
      const earlier = this.heldOf(step.connectionId).find((s) => s.seq < step.seq);
      if (earlier) throw refuse(`step ${earlier.id} of the same connection is held before it`, `release step ${earlier.id} first`);
      const busy = [...this.steps.values()].find((s) => s.connectionId === step.connectionId && s.state !== 'held');
      if (busy) throw refuse(`step ${busy.id} of the same connection is not answered yet`, 'wait until it is answered');
      const refusal = togetherRefusal(step, this.transactionStatus.get(step.connectionId) ?? null);
      if (refusal) throw refuse(refusal, 'release it alone with POST /release');
    }
    const group = new TogetherGroup(ids);
    for (const step of steps) {
      step.group = group;
      step.state = 'released';
      step.releasedAtPoll = this.pollGeneration;
      this.emit(step);
    }
    for (const step of steps) step.sendTogether(step.id, group);
    for (const listener of this.releaseListeners) listener();
    return steps.map(snapshot);
  }

  setMode(mode: ProxyMode): StepSnapshot[] {
    this.currentMode = mode;
    if (mode === 'hold') return [];
    const held = [...this.steps.values()].filter((s) => s.state === 'held').sort((a, b) => a.id - b.id);
    for (const step of held) this.sendStep(step);
    return held.map(snapshot);
  }

  answered(stepId: number, transactionStatus: StepSnapshot['transactionStatus']): void {
    const step = this.steps.get(stepId);
    if (!step) return;
    step.transactionStatus = transactionStatus;
    if (transactionStatus) this.transactionStatus.set(step.connectionId, transactionStatus);
    step.blockedBy = [];
    this.settle(step, 'answered');
  }

  failed(stepId: number, error: string): void {
    const step = this.steps.get(stepId);
    if (step && step.error === null) step.error = error;
  }

  /** From the blocked watcher: `blockers` empty means the backend runs (again). */
  blockedState(stepId: number, blockers: number[]): void {
    const step = this.steps.get(stepId);
    if (!step || (step.state !== 'released' && step.state !== 'blocked')) return;
    const state: StepState = blockers.length > 0 ? 'blocked' : 'released';
    if (state === step.state && sameMembers(blockers, step.blockedBy)) return;
    step.state = state;
    step.blockedBy = blockers;
    step.group?.blocked(step.id, state === 'blocked');
    this.emit(step);
  }

  /** Sent and unanswered steps, for the blocked watcher. */
  inFlight(): StepRecord[] {
    return [...this.steps.values()].filter((s) => s.state === 'released' || s.state === 'blocked');
  }

  snapshot(): { mode: ProxyMode; connections: ConnectionSnapshot[]; steps: StepSnapshot[] } {
    return { mode: this.currentMode, connections: [...this.connections.values()].map((c) => ({ ...c })), steps: [...this.steps.values()].map((s) => this.view(s)) };
  }

  onRelease(listener: () => void): () => void {
    this.releaseListeners.add(listener);
    return () => this.releaseListeners.delete(listener);
  }

  private heldStep(id: number): StepRecord {
    const step = this.steps.get(id);
    if (!step) throw new PgProxyControlError(404, 'E_PG_PROXY_UNKNOWN_STEP', `no pending step ${id}`, 'take step ids from GET /state or GET /events; answered and dropped steps are gone');
    if (step.state !== 'held') throw new PgProxyControlError(409, 'E_PG_PROXY_STEP_NOT_HELD', `step ${id} is ${step.state}, not held`, 'release only steps whose state is held');
    return step;
  }

  private heldOf(connectionId: number): StepRecord[] {
    return [...this.steps.values()].filter((s) => s.connectionId === connectionId && s.state === 'held');
  }

  private sendStep(step: StepRecord): void {
    step.state = 'released';
    step.releasedAtPoll = this.pollGeneration;
    this.emit(step);
    step.send(step.id);
    for (const listener of this.releaseListeners) listener();
  }

  private settle(step: StepRecord, state: StepState): void {
    if (SETTLED.has(step.state)) return;
    step.state = state;
    this.steps.delete(step.id);
    this.emit(step);
  }

  private emit(step: StepRecord): void {
    this.log.append({ kind: 'step', step: this.view(step) });
  }

  /** A held step's refusal is judged on its connection's transaction status now (the last ReadyForQuery). */
  private view(step: StepRecord): StepSnapshot {
    const refusal = step.state === 'held' ? togetherRefusal(step, this.transactionStatus.get(step.connectionId) ?? null) : null;
    return { ...snapshot(step), togetherRefusal: refusal };
  }
}

function snapshot(step: StepRecord): Omit<StepSnapshot, 'togetherRefusal'> & { togetherRefusal: null } {
  const { summary: _summary, send: _send, sendTogether: _sendTogether, releasedAtPoll: _poll, group, ...rest } = step;
  return { ...rest, blockedBy: [...rest.blockedBy], together: group !== null, togetherRefusal: null };
}

function sameMembers(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
