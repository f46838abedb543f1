// Waiting on the fake Twilio's event stream for one event, with a way to stop early: the checks
// wait for "the first purchase is paused" or "a second purchase arrived" instead of sleeping.
import type { FakeTwilioAdmin, LedgerEvent } from '../../../fake-twilio/index.ts';

/** Short long-polls, so a `stopped` condition is noticed within a quarter of a second. */
const POLL_MS = 250;
const MAX_POLLS = 10_000;

/** The last event's seq now: later waits see only what happens from here on. */
export async function eventCursor(admin: FakeTwilioAdmin): Promise<number> {
  // An `after` past the end returns no events, only the stream's last seq (the fake takes up to 12 digits).
  return (await admin.waitForEvents(999_999_999_999, 0)).last;
}

/** The first event after `after` that matches, or null once `timeoutMs` has passed or `stopped()` holds. */
export async function nextEvent(
  admin: FakeTwilioAdmin,
  predicate: (event: LedgerEvent) => boolean,
  options: { after: number; timeoutMs: number; stopped?: () => boolean },
): Promise<LedgerEvent | null> {
  const deadline = Date.now() + options.timeoutMs;
  let cursor = options.after;
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    const left = deadline - Date.now();
    if (left <= 0 || options.stopped?.()) return null;
    const { events, last } = await admin.waitForEvents(cursor, Math.min(left, POLL_MS));
    const hit = events.find(predicate);
    if (hit) return hit;
    cursor = Math.max(cursor, last);
  }
  return null;
}
