import { describe, expect, it } from 'vitest';
import type { FakeTwilioAdmin, LedgerEvent } from '../../../fake-twilio/index.ts';
import { eventCursor, nextEvent } from './fake-events.ts';

/** An admin whose event stream is a list; each long-poll returns what is after the cursor. */
function streamOf(events: LedgerEvent[]) {
  const polls: number[] = [];
  const admin = {
    async waitForEvents(after: number) {
      polls.push(after);
      return { events: events.filter((e) => e.seq > after), last: events.at(-1)?.seq ?? 0 };
    },
  } as unknown as FakeTwilioAdmin;
  return { admin, polls };
}
const event = (seq: number, type: LedgerEvent['type'], friendlyName = 'business:a'): LedgerEvent =>
  ({ seq, type, atNs: '1', purchase: { seq, friendlyName } }) as unknown as LedgerEvent;

describe('waiting for one of the fake\'s events', () => {
  it('returns the first match after the cursor', async () => {
    const { admin } = streamOf([event(1, 'purchase.paused'), event(2, 'purchase.received', 'business:b'), event(3, 'purchase.paused', 'business:b')]);
    const hit = await nextEvent(admin, (e) => e.type === 'purchase.paused' && e.purchase?.friendlyName === 'business:b', { after: 0, timeoutMs: 1_000 });
    expect(hit?.seq).toBe(3);
    expect(await nextEvent(admin, (e) => e.type === 'purchase.paused', { after: 1, timeoutMs: 1_000 })).toMatchObject({ seq: 3 });
  });

  it('gives up with null when told to stop, and when its time is over', async () => {
    const { admin, polls } = streamOf([event(1, 'purchase.received')]);
    expect(await nextEvent(admin, () => false, { after: 0, timeoutMs: 60_000, stopped: () => polls.length >= 3 })).toBeNull();
    expect(polls).toEqual([0, 1, 1]);
    expect(await nextEvent(admin, () => false, { after: 0, timeoutMs: 0 })).toBeNull();
  });

  it('reads the cursor from the stream\'s last seq', async () => {
    expect(await eventCursor(streamOf([event(1, 'purchase.received'), event(2, 'purchase.paused')]).admin)).toBe(2);
  });
});
