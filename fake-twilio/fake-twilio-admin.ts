// A small typed client of the admin API, used by the harness and the tests.
import type { HeldTwilioCall, HoldEvent } from './exploration-holds.ts';
import type { FakeTwilioState, FaultPlan, IncomingNumberSnapshot, LatencyMode, Ledger, LedgerCursor, LedgerEvent, LedgerPage } from './types.ts';

export class FakeTwilioAdminError extends Error {
  readonly code = 'FAKE_TWILIO_ADMIN_ERROR';
  constructor(readonly status: number, readonly body: unknown, path: string) {
    super(`fake-twilio admin ${path} answered ${status}: ${JSON.stringify(body)}`);
  }
}

export class FakeTwilioAdmin {
  private readonly base: string;

  constructor(baseUrl: string) {
    this.base = baseUrl.replace(/\/$/, '');
  }

  ledger(): Promise<Ledger> {
    return this.request('GET', '/__admin/ledger');
  }
  /** One page of the ledger: purchases after `after`, releases after `releasesAfter` (default 0), at most `limit` (1–10 000, default 1 000) of each. */
  ledgerPage(options: { after?: number; releasesAfter?: number; limit?: number } = {}): Promise<LedgerPage> {
    const q = new URLSearchParams({ after: String(options.after ?? 0), releasesAfter: String(options.releasesAfter ?? 0) });
    if (options.limit !== undefined) q.set('limit', String(options.limit));
    return this.request('GET', `/__admin/ledger?${q.toString()}`);
  }
  /** Every page of the ledger from `from` (default the start) until `next` is null: bounded memory whatever its size. */
  async *ledgerPages(options: { from?: LedgerCursor; limit?: number } = {}): AsyncGenerator<LedgerPage, void, undefined> {
    let cursor: LedgerCursor | null = options.from ?? { after: 0, releasesAfter: 0 };
    while (cursor) {
      const page: LedgerPage = await this.ledgerPage({ ...cursor, ...(options.limit !== undefined ? { limit: options.limit } : {}) });
      yield page;
      cursor = page.next;
    }
  }
  state(): Promise<FakeTwilioState> {
    return this.request('GET', '/__admin/state');
  }
  async numbers(): Promise<IncomingNumberSnapshot[]> {
    return (await this.request<{ numbers: IncomingNumberSnapshot[] }>('GET', '/__admin/numbers')).numbers;
  }
  /** A fresh run; `latency` for this run only (absent: the mode the fake was started with). */
  reset(seed?: number, latency?: LatencyMode): Promise<{ reset: true; seed: number; latency: LatencyMode }> {
    return this.request('POST', '/__admin/reset', { ...(seed === undefined ? {} : { seed }), ...(latency === undefined ? {} : { latency }) });
  }
  setFaults(plan: FaultPlan): Promise<FaultPlan & { remaining: (number | null)[] }> {
    return this.request('PUT', '/__admin/faults', plan);
  }
  getFaults(): Promise<FaultPlan & { remaining: (number | null)[] }> {
    return this.request('GET', '/__admin/faults');
  }
  clearFaults(): Promise<FaultPlan> {
    return this.request('DELETE', '/__admin/faults');
  }
  /** Long-poll: events after `after`, waiting up to `waitMs` (capped at 30 s by the fake) for one. */
  waitForEvents(after: number, waitMs: number): Promise<{ events: LedgerEvent[]; last: number }> {
    return this.request('GET', `/__admin/events?after=${after}&wait=${Math.max(0, Math.floor(waitMs))}`);
  }
  /** The first event (from the start of the run) that satisfies `predicate`; loops the long-poll until `timeoutMs`. */
  async waitFor(predicate: (e: LedgerEvent) => boolean, timeoutMs: number, after = 0): Promise<LedgerEvent> {
    const deadline = Date.now() + timeoutMs;
    let cursor = after;
    for (;;) {
      const left = deadline - Date.now();
      const { events, last } = await this.waitForEvents(cursor, Math.max(0, Math.min(left, 10_000)));
      const hit = events.find(predicate);
      if (hit) return hit;
      // A reset restarts the event sequence: start over from its beginning.
      cursor = last < cursor ? 0 : last;
      if (Date.now() >= deadline) throw new Error(`fake-twilio: no matching ledger event within ${timeoutMs} ms`);
    }
  }
  releasePaused(seq?: number): Promise<{ released: number[] }> {
    return this.request('POST', '/__admin/release-paused', seq === undefined ? {} : { seq });
  }

  /** Exploration hold mode: on, every Twilio call waits on arrival and every committed purchase before its response. Off delivers all held. */
  setHolds(enabled: boolean): Promise<{ enabled: boolean; released: number[] }> {
    return this.request('PUT', '/__admin/holds', { enabled });
  }
  holds(): Promise<{ enabled: boolean; held: HeldTwilioCall[] }> {
    return this.request('GET', '/__admin/holds');
  }
  /** Long-poll of hold events after `after` (`missed`: some fell out of the fake's window). */
  holdEvents(after: number, waitMs: number): Promise<{ events: HoldEvent[]; last: number; missed: boolean }> {
    return this.request('GET', `/__admin/holds/events?after=${after}&wait=${Math.max(0, Math.floor(waitMs))}`);
  }
  /** Lets held calls go on, or delivers held responses, in that order. */
  releaseHolds(...ids: number[]): Promise<{ released: number[] }> {
    return this.request('POST', '/__admin/holds/release', { ids });
  }
  /** Drops held purchase responses: the number stays bought, the client's connection is destroyed. */
  dropHolds(...ids: number[]): Promise<{ dropped: number[] }> {
    return this.request('POST', '/__admin/holds/drop', { ids });
  }
  /** The first held call (state `held`) that satisfies `predicate`, waiting up to `timeoutMs`. */
  async waitForHold(predicate: (h: HeldTwilioCall) => boolean, timeoutMs: number): Promise<HeldTwilioCall> {
    const deadline = Date.now() + timeoutMs;
    let after = 0;
    for (;;) {
      const hit = (await this.holds()).held.find(predicate);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fake-twilio: no matching held call within ${timeoutMs} ms`);
      after = (await this.holdEvents(after, Math.min(left, 10_000))).last;
    }
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const data = (await res.json()) as unknown;
    if (!res.ok) throw new FakeTwilioAdminError(res.status, data, path);
    return data as T;
  }
}

export function createFakeTwilioAdmin(baseUrl: string): FakeTwilioAdmin {
  return new FakeTwilioAdmin(baseUrl);
}
