import type { FakeTwilioAdmin } from '../../../fake-twilio/index.ts';

// Live purchase counts for the per-second series and the progress line, read from the fake's event
// stream after a cursor (each poll reads only what is new, so a long run does not re-read its
// ledger). `violations` is the live early sign of EXACTLY_ONE_PURCHASE: businesses with more than
// one committed purchase so far. It is not the verdict — the invariants judge after the settle step.

export interface PurchaseCounts {
  /** Committed purchases since the run began. */
  committed: number;
  /** Businesses with more than one committed purchase so far. */
  violations: number;
}

export interface PurchaseFeed {
  poll(): Promise<PurchaseCounts>;
}

const BUSINESS_TAG = /^business:(.+)$/;

export function fakeTwilioPurchaseFeed(admin: Pick<FakeTwilioAdmin, 'waitForEvents'>): PurchaseFeed {
  let cursor = 0;
  let committed = 0;
  // One small integer per business that bought: bounded by the businesses, like the recorder's own list.
  const perBusiness = new Map<string, number>();
  let violations = 0;
  return {
    async poll() {
      const { events, last } = await admin.waitForEvents(cursor, 0);
      for (const event of events) {
        if (event.type !== 'purchase.committed' || !event.purchase) continue;
        committed += 1;
        const business = BUSINESS_TAG.exec(event.purchase.friendlyName ?? '')?.[1];
        if (business === undefined) continue;
        const count = (perBusiness.get(business) ?? 0) + 1;
        perBusiness.set(business, count);
        if (count === 2) violations += 1;
      }
      cursor = Math.max(cursor, last);
      return { committed, violations };
    },
  };
}

/** For a target whose purchases cannot be watched live: the series says 0 and the invariants still judge. */
export const NO_PURCHASE_FEED: PurchaseFeed = { poll: async () => ({ committed: 0, violations: 0 }) };
