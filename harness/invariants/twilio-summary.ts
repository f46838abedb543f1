// The `twilio` block of a scenario in result.json (docs/reports.md), from the same input the
// invariants read, so that its `orphans` count is the one NO_ORPHANS reports.
import type { ScenarioResult } from '../../model/index.ts';
import type { InvariantInput } from './invariant-input.ts';
import { activeNumbersByBusiness } from './purchases-by-business.ts';

export function summariseTwilio(input: InvariantInput): ScenarioResult['twilio'] {
  const { byBusiness, unattributed } = activeNumbersByBusiness(input);
  let unreferenced = 0;
  for (const [businessId, numbers] of byBusiness) {
    const view = input.appView[businessId] ?? null;
    // An unreadable view proves nothing either way; NO_ORPHANS skips it too.
    if (view === null) continue;
    unreferenced += numbers.filter((n) => n.phoneNumber !== view.phoneNumber).length;
  }
  return {
    purchases: input.ledger.purchases.length,
    committed: input.ledger.purchases.filter((p) => p.committed).length,
    active: input.numbers.filter((n) => n.status === 'active').length,
    released: input.ledger.releases.length,
    orphans: unattributed.length + unreferenced,
  };
}
