// Exploration hold mode (the interleaving explorer's Twilio boundary): while it is on, every Twilio
// REST call waits on arrival — before any latency, fault or commit — until the explorer releases it,
// and every purchase that committed waits again before its response, until the explorer delivers it
// or drops it (the number is bought, the client sees a dropped connection: the lost response).
// Off by default; existing behaviour, ledger fields and endpoints are untouched while it is off.
import type { TwilioOperation } from './types.ts';
import { MAX_EVENT_WAIT_MS } from './purchase-ledger.ts';
import { TwilioApiError } from './twilio-error.ts';

/** `call`: held on arrival, before anything happens. `response`: a committed purchase's response. */
export type HoldPhase = 'call' | 'response';
/** `gone`: the client left while held (a held call is then never committed). */
export type HoldState = 'held' | 'released' | 'dropped' | 'gone';

export interface HeldTwilioCall {
  id: number;
  phase: HoldPhase;
  operation: TwilioOperation;
  method: string;
  path: string;
  friendlyName: string | null;
  /** The client's `I-Twilio-Idempotency-Token` / `X-Request-Id`, else null. */
  requestId: string | null;
  /** The ledger seq of the purchase (response holds, and call holds of purchases), else null. */
  purchaseSeq: number | null;
  state: HoldState;
  heldAtNs: string;
}

export interface HoldEvent {
  seq: number;
  type: 'held' | 'released' | 'dropped' | 'gone';
  hold: HeldTwilioCall;
  atNs: string;
}

export type HoldCallInfo = Omit<HeldTwilioCall, 'id' | 'phase' | 'state' | 'heldAtNs'>;

/** Events kept for the long-poll; older ones are reported as `missed`. */
const EVENT_WINDOW = 10_000;

const conflict = (message: string) => new TwilioApiError(409, 20409, message);

interface Pending {
  hold: HeldTwilioCall;
  settle: (verdict: 'deliver' | 'drop' | 'gone') => void;
}

export class ExplorationHolds {
  private on = false;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private events: HoldEvent[] = [];
  private eventSeq = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly now: () => bigint) {}

  get enabled(): boolean {
    return this.on;
  }

  /** Turning it off delivers everything held, so nothing waits on an explorer that went away. */
  setEnabled(enabled: boolean): number[] {
    this.on = enabled;
    return enabled ? [] : this.letAllGo();
  }

  held(): HeldTwilioCall[] {
    return [...this.pending.values()].map((p) => ({ ...p.hold }));
  }

  /** Waits, in hold mode, until the call is released or its client leaves; `drop` when a reset ended its run. */
  holdCall(info: HoldCallInfo, signal: AbortSignal): Promise<'deliver' | 'drop' | 'gone'> | null {
    if (!this.on) return null;
    return this.hold('call', info, signal);
  }

  /** In hold mode: waits for the explorer's verdict on a committed purchase's response; null when off. */
  holdResponse(info: HoldCallInfo, signal: AbortSignal): Promise<'deliver' | 'drop' | 'gone'> | null {
    if (!this.on) return null;
    return this.hold('response', info, signal);
  }

  /** Releases (delivers) held calls or responses, in the order given. Unknown id → 404, not held → 409. */
  release(ids: number[]): number[] {
    for (const p of this.lookup(ids)) p.settle('deliver');
    return ids;
  }

  /** Drops held purchase responses (after their commit). A held call cannot be dropped: 409. */
  drop(ids: number[]): number[] {
    const found = this.lookup(ids);
    const call = found.find((p) => p.hold.phase !== 'response');
    if (call) throw conflict(`Hold ${call.hold.id} is a call not yet committed: only a purchase response (phase "response") can be dropped`);
    for (const p of found) p.settle('drop');
    return ids;
  }

  async waitForEvents(after: number, waitMs: number, signal?: AbortSignal): Promise<{ events: HoldEvent[]; last: number; missed: boolean }> {
    if (this.eventSeq <= after && waitMs > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(waitMs, MAX_EVENT_WAIT_MS));
        signal?.addEventListener('abort', done);
        this.waiters.add(done);
      });
    }
    const first = this.events[0]?.seq ?? this.eventSeq + 1;
    const events = this.events.filter((e) => e.seq > after).map((e) => ({ ...e, hold: { ...e.hold } }));
    return { events, last: this.eventSeq, missed: after + 1 < first && this.eventSeq > after };
  }

  /** Reset and close: held calls are dropped uncommitted, held responses go out, long-polls wake, the mode is off, events restart. */
  dispose(): void {
    this.on = false;
    // Held calls never reach their commit (their run is over); held responses go out.
    for (const p of [...this.pending.values()]) p.settle(p.hold.phase === 'call' ? 'drop' : 'deliver');
    this.events = [];
    this.eventSeq = 0;
    this.nextId = 0;
    for (const wake of [...this.waiters]) wake();
  }

  private hold(phase: HoldPhase, info: HoldCallInfo, signal: AbortSignal): Promise<'deliver' | 'drop' | 'gone'> {
    const hold: HeldTwilioCall = { id: ++this.nextId, phase, ...info, state: 'held', heldAtNs: this.now().toString() };
    return new Promise((resolve) => {
      const settle = (verdict: 'deliver' | 'drop' | 'gone'): void => {
        if (!this.pending.delete(hold.id)) return;
        signal.removeEventListener('abort', onAbort);
        hold.state = verdict === 'deliver' ? 'released' : verdict === 'drop' ? 'dropped' : 'gone';
        this.emit(hold.state as HoldEvent['type'], hold);
        resolve(verdict);
      };
      const onAbort = (): void => settle('gone');
      this.pending.set(hold.id, { hold, settle });
      this.emit('held', hold);
      if (signal.aborted) settle('gone');
      else signal.addEventListener('abort', onAbort);
    });
  }

  private lookup(ids: number[]): Pending[] {
    if (new Set(ids).size !== ids.length) throw new TwilioApiError(400, 20001, 'Invalid holds body: ids: an id is given twice');
    return ids.map((id) => {
      const p = this.pending.get(id);
      if (p) return p;
      if (id > 0 && id <= this.nextId) throw conflict(`Hold ${id} is no longer held`);
      throw new TwilioApiError(404, 20404, `No hold ${id}: see GET /__admin/holds for the calls held now`);
    });
  }

  private letAllGo(): number[] {
    const all = [...this.pending.values()];
    for (const p of all) p.settle('deliver');
    return all.map((p) => p.hold.id);
  }

  private emit(type: HoldEvent['type'], hold: HeldTwilioCall): void {
    this.events.push({ seq: ++this.eventSeq, type, hold: { ...hold }, atNs: this.now().toString() });
    if (this.events.length > EVENT_WINDOW) this.events = this.events.slice(-EVENT_WINDOW);
    for (const wake of [...this.waiters]) wake();
  }
}
