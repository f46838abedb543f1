import { describe, expect, it } from 'vitest';
import { input, numberOf, onboarded, purchase, release } from './hand-made-history.ts';
import { summariseTwilio } from './twilio-summary.ts';

describe('summariseTwilio', () => {
  it('counts attempts, commits, active, released and orphans as NO_ORPHANS sees them', () => {
    const failed = purchase(1, 'b1', '+18285550100', { committed: false, sid: null });
    const kept = purchase(2, 'b1', '+18285550101');
    const dup = purchase(3, 'b1', '+18285550102');
    const gone = purchase(4, 'b1', '+18285550103');
    const stray = purchase(5, null, '+18285550104');
    const hidden = purchase(6, 'b2', '+18285550105');
    const summary = summariseTwilio(
      input({
        businesses: ['b1', 'b2'],
        ledger: { purchases: [failed, kept, dup, gone, stray, hidden], releases: [release(7, gone)] },
        numbers: [numberOf(kept), numberOf(dup), numberOf(gone, { status: 'released' }), numberOf(stray), numberOf(hidden)],
        appView: { b1: onboarded('+18285550101'), b2: null },
      }),
    );
    expect(summary).toEqual({ purchases: 6, committed: 5, active: 4, released: 1, orphans: 2 });
  });
});
