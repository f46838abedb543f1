// EXACTLY_ONE_PURCHASE: each business caused exactly one committed purchase if onboarded, none
// otherwise — released numbers included, because a bought-then-released number was paid for.
import type { InvariantResult, Violation } from '../../model/index.ts';
import { describePurchase, onboardingRequestsOf, phoneNumberOf, requestsBehind } from './explaining-operations.ts';
import type { InvariantInput } from './invariant-input.ts';
import { notEvaluated, resultOf, skipReason, sortedUnique } from './invariant-result.ts';
import { committedPurchasesByBusiness, releasedSids, unreadableNote } from './purchases-by-business.ts';

const CODE = 'EXACTLY_ONE_PURCHASE';

export function exactlyOnePurchase(input: InvariantInput): InvariantResult {
  const skipped = skipReason(input, CODE);
  if (skipped !== null) return notEvaluated(CODE, skipped);
  const byBusiness = committedPurchasesByBusiness(input);
  const released = releasedSids(input);
  const violations: Violation[] = [];
  for (const { id } of input.businesses) {
    const purchases = byBusiness.get(id) ?? [];
    const view = input.appView[id] ?? null;
    const requests = onboardingRequestsOf(input.history, id);
    const explain = (): Pick<Violation, 'operations' | 'ledger'> => ({
      operations: sortedUnique(purchases.flatMap((p) => requestsBehind(p, requests))),
      ledger: purchases.map((p) => p.seq),
    });
    const list = purchases.map((p) => describePurchase(p, released)).join(', ');
    if (purchases.length > 1) {
      violations.push({ businessId: id, detail: `${purchases.length} committed purchases: ${list}`, ...explain() });
    } else if (view === null) {
      // Without the app's view, 0 and 1 are both possible: only more than one is provably wrong.
      continue;
    } else if (view.phoneNumber !== null && purchases.length === 0) {
      violations.push({
        businessId: id,
        detail: `the app shows ${view.phoneNumber} but no committed purchase is attributed to the business`,
        operations: requests.filter((op) => phoneNumberOf(op.body) !== null).map((op) => op.id),
        ledger: [],
      });
    } else if (view.phoneNumber === null && purchases.length === 1) {
      violations.push({
        businessId: id,
        detail: `1 committed purchase, ${list}, but the business is not onboarded (status ${view.onboardingStatus})`,
        ...explain(),
      });
    }
  }
  return resultOf(CODE, violations, unreadableNote(input));
}
