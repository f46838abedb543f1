import type { ProxyEvent } from './client-step.ts';

// The proxy's events in order, for the control API's long-poll (`GET /events?after=&wait=`, as
// the fake Twilio's `/__admin/events`). Bounded: a proxy left in pass-through mode for a whole
// run must not grow without limit, so the oldest events go and a reader that fell behind is
// told how many it missed.

export const MAX_EVENT_WAIT_MS = 30_000;
const KEEP_EVENTS = 20_000;

type Distribute<T> = T extends unknown ? Omit<T, 'seq'> : never;
export type NewProxyEvent = Distribute<ProxyEvent>;

export class ProxyEventLog {
  private events: ProxyEvent[] = [];
  private last = 0;
  private readonly waiters = new Set<() => void>();

  append(event: NewProxyEvent): void {
    this.last++;
    this.events.push({ ...event, seq: this.last } as ProxyEvent);
    if (this.events.length > KEEP_EVENTS) this.events.splice(0, this.events.length - KEEP_EVENTS);
    for (const wake of [...this.waiters]) wake();
  }

  get lastSeq(): number {
    return this.last;
  }

  after(after: number): { events: ProxyEvent[]; last: number; missed: number } {
    const first = this.events[0]?.seq ?? this.last + 1;
    const missed = Math.max(0, first - after - 1);
    // Sequence numbers are contiguous, so the first wanted event is found by subtraction.
    return { events: this.events.slice(Math.max(0, after - first + 1)), last: this.last, missed };
  }

  async wait(after: number, waitMs: number, signal?: AbortSignal): Promise<{ events: ProxyEvent[]; last: number; missed: number }> {
    if (this.last <= after && waitMs > 0 && !signal?.aborted) {
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
    return this.after(after);
  }

  wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
