import { describe, expect, it } from 'vitest';
import { input, numberOf, purchase } from './hand-made-history.ts';
import { committedPurchasesOfNumber, purchaseOf } from './purchases-by-business.ts';

describe('the purchase behind a number (indexed once per ledger)', () => {
  it('is found by seq, else by sid, else by number, among committed purchases only', () => {
    const failed = purchase(1, 'b1', '+18285550101', { committed: false, sid: null });
    const bought = purchase(2, 'b1', '+18285550101');
    const again = purchase(3, 'b1', '+18285550101', { sid: 'PNother' });
    const run = input({ businesses: ['b1'], ledger: { purchases: [failed, bought, again], releases: [] } });
    expect(purchaseOf(run, numberOf(again))).toBe(again);
    expect(purchaseOf(run, numberOf(bought, { purchaseSeq: null }))).toBe(bought);
    expect(purchaseOf(run, numberOf(bought, { purchaseSeq: 99, sid: 'PNunknown' }))).toBe(bought);
    expect(purchaseOf(run, numberOf(bought, { purchaseSeq: null, sid: 'PNunknown', phoneNumber: '+18285550199' }))).toBeNull();
    expect(committedPurchasesOfNumber(run, '+18285550101')).toEqual([bought, again]);
  });

  it('sees purchases appended to the ledger after a first look-up', () => {
    const first = purchase(1, 'b1', '+18285550101');
    const run = input({ businesses: ['b1'], ledger: { purchases: [first], releases: [] } });
    expect(committedPurchasesOfNumber(run, '+18285550102')).toEqual([]);
    const later = purchase(2, 'b1', '+18285550102');
    run.ledger.purchases.push(later);
    expect(committedPurchasesOfNumber(run, '+18285550102')).toEqual([later]);
    expect(purchaseOf(run, numberOf(later))).toBe(later);
  });
});
