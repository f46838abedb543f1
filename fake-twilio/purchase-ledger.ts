// The append-only ledger (docs/fake-twilio.md) and its event stream. Entries are mutated only while their
// call is in flight (received → committed → responded); readers get copies. Events have their own
// sequence so a long-poll can say "everything after N" without missing or repeating one.
import type { LedgerEvent, LedgerEventType, LedgerPage, LedgerPurchase, LedgerRelease, Ledger } from './types.ts';

/** The longest a long-poll may wait, whatever the client asks. */
export const MAX_EVENT_WAIT_MS = 30_000;

interface Waiter {
  after: number;
  resolve: () => void;
}

export class PurchaseLedger {
  private purchases: LedgerPurchase[] = [];
  private releases: LedgerRelease[] = [];
  private events: LedgerEvent[] = [];
  private waiters = new Set<Waiter>();
  private purchaseSeq = 0;
  private releaseSeq = 0;
  private eventSeq = 0;

  constructor(private readonly now: () => bigint) {}

  openPurchase(fields: Omit<LedgerPurchase, 'seq' | 'receivedAtNs' | 'committedAtNs' | 'committed' | 'response' | 'wallTime' | 'sid' | 'phoneNumber' | 'fault'>): LedgerPurchase {
    const entry: LedgerPurchase = {
      seq: ++this.purchaseSeq,
      sid: null,
      phoneNumber: null,
      ...fields,
      receivedAtNs: this.now().toString(),
      committedAtNs: null,
      committed: false,
      response: 'sent',
      fault: null,
      wallTime: new Date().toISOString(),
    };
    this.purchases.push(entry);
    this.emit('purchase.received', { purchase: entry });
    return entry;
  }

  commit(entry: LedgerPurchase, sid: string, phoneNumber: string): void {
    entry.sid = sid;
    entry.phoneNumber = phoneNumber;
    entry.committed = true;
    entry.committedAtNs = this.now().toString();
    this.emit('purchase.committed', { purchase: entry });
  }

  markPaused(entry: LedgerPurchase): void {
    entry.response = 'paused';
    this.emit('purchase.paused', { purchase: entry });
  }

  /** The call's outcome is settled (its response is about to go out, or never will). */
  responded(entry: LedgerPurchase): void {
    this.emit('purchase.responded', { purchase: entry });
  }

  recordRelease(sid: string, phoneNumber: string, fault: string | null): LedgerRelease {
    const release: LedgerRelease = { seq: ++this.releaseSeq, sid, phoneNumber, releasedAtNs: this.now().toString(), wallTime: new Date().toISOString(), fault };
    this.releases.push(release);
    this.emit('release', { release });
    return release;
  }

  snapshot(): Ledger {
    return { purchases: this.purchases.map((p) => ({ ...p })), releases: this.releases.map((r) => ({ ...r })) };
  }

  /**
   * One page of the ledger, copied: at most `limit` purchases after seq `after` and at most `limit`
   * releases after `releasesAfter`. Seqs are dense from 1, so a page is a slice, whatever the
   * ledger's size: a reader streams a million entries in bounded memory on both sides.
   */
  page(after: number, releasesAfter: number, limit: number): LedgerPage {
    const purchases = this.purchases.slice(after, after + limit).map((p) => ({ ...p }));
    const releases = this.releases.slice(releasesAfter, releasesAfter + limit).map((r) => ({ ...r }));
    const next = { after: after + purchases.length, releasesAfter: releasesAfter + releases.length };
    const more = next.after < this.purchases.length || next.releasesAfter < this.releases.length;
    return { purchases, releases, next: more ? next : null };
  }

  counts(): { purchases: number; committed: number } {
    let committed = 0;
    for (const p of this.purchases) if (p.committed) committed++;
    return { purchases: this.purchases.length, committed };
  }

  eventsAfter(after: number): LedgerEvent[] {
    // Event seqs are dense from 1, so the index is seq - 1: no scan of the whole stream.
    return this.events.slice(Math.max(0, after)).map(copyEvent);
  }

  get lastEventSeq(): number {
    return this.eventSeq;
  }

  /** Resolves with the events after `after` as soon as there are some, or with none after `waitMs`. */
  async waitForEvents(after: number, waitMs: number, signal?: AbortSignal): Promise<{ events: LedgerEvent[]; last: number }> {
    if (this.eventSeq <= after && waitMs > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const waiter: Waiter = { after, resolve: () => done() };
        const timer = setTimeout(() => done(), Math.min(waitMs, MAX_EVENT_WAIT_MS));
        const onAbort = (): void => done();
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.waiters.delete(waiter);
          resolve();
        };
        signal?.addEventListener('abort', onAbort);
        this.waiters.add(waiter);
      });
    }
    return { events: this.eventsAfter(after), last: this.eventSeq };
  }

  /** Wakes every long-poll (used on reset and close so none hangs on). */
  wakeAll(): void {
    for (const w of [...this.waiters]) w.resolve();
  }

  private emit(type: LedgerEventType, payload: { purchase?: LedgerPurchase; release?: LedgerRelease }): void {
    // Events carry a copy taken now, so a reader sees the entry as it was when the event happened.
    const event: LedgerEvent = { seq: ++this.eventSeq, type, atNs: this.now().toString() };
    if (payload.purchase) event.purchase = { ...payload.purchase };
    if (payload.release) event.release = { ...payload.release };
    this.events.push(event);
    for (const w of [...this.waiters]) if (this.eventSeq > w.after) w.resolve();
  }
}

function copyEvent(e: LedgerEvent): LedgerEvent {
  return { ...e, ...(e.purchase ? { purchase: { ...e.purchase } } : {}), ...(e.release ? { release: { ...e.release } } : {}) };
}
