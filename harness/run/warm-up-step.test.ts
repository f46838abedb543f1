import { describe, expect, it } from 'vitest';
import { numberOf, op, purchase, release } from '../invariants/hand-made-history.ts';
import type { FixtureBusiness } from '../target/target-client.ts';
import { withoutWarmUp } from './warm-up-step.ts';

const warm = [{ id: 'w1', name: 'Warm 1', ownerToken: 't' }] as FixtureBusiness[];

describe('withoutWarmUp', () => {
  it('sets apart the warm-up business’s operations, purchases, releases and numbers, and nothing else', () => {
    const judgedBuy = purchase(1, 'b1', '+18285550101');
    const warmBuys = [purchase(2, 'w1', '+18285550102'), purchase(3, 'w1', '+18285550103')];
    const orphan = purchase(4, null, '+18285550104');
    const judged = withoutWarmUp(warm, {
      history: [op({ businessId: 'b1' }), op({ businessId: 'w1', client: 'warm-up' })],
      ledger: { purchases: [judgedBuy, ...warmBuys, orphan], releases: [release(1, warmBuys[1]!)] },
      numbers: [numberOf(judgedBuy), numberOf(warmBuys[0]!), numberOf(orphan)],
    });
    expect(judged.history.map((o) => o.businessId)).toEqual(['b1']);
    expect(judged.ledger.purchases.map((p) => p.seq)).toEqual([1, 4]); // an orphan stays an orphan
    expect(judged.ledger.releases).toEqual([]);
    expect(judged.numbers.map((n) => n.phoneNumber)).toEqual(['+18285550101', '+18285550104']);
  });

  it('is the evidence itself without a warm-up', () => {
    const evidence = { history: [op({ businessId: 'b1' })], ledger: { purchases: [], releases: [] }, numbers: [] };
    expect(withoutWarmUp([], evidence)).toBe(evidence);
  });
});
