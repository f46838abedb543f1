// DB_MATCHES_TWILIO: the app's phone number for each business is the one active Twilio number
// attributed to it. A business with no number and nothing active at Twilio matches (it is
// ALL_ONBOARDED that asks for a number).
import type { LedgerPurchase } from '../../fake-twilio/types.ts';
import type { InvariantResult, Violation } from '../../model/index.ts';
import { onboardingRequestsOf, requestsBehind } from './explaining-operations.ts';
import type { InvariantInput } from './invariant-input.ts';
import { notEvaluated, resultOf, skipReason, sortedUnique } from './invariant-result.ts';
import { activeNumbersByBusiness, committedPurchasesOfNumber, describeNumber, purchaseOf, unreadableNote } from './purchases-by-business.ts';

const CODE = 'DB_MATCHES_TWILIO';

export function dbMatchesTwilio(input: InvariantInput): InvariantResult {
  const skipped = skipReason(input, CODE);
  if (skipped !== null) return notEvaluated(CODE, skipped);
  const { byBusiness } = activeNumbersByBusiness(input);
  const violations: Violation[] = [];
  for (const { id } of input.businesses) {
    const view = input.appView[id] ?? null;
    if (view === null) continue;
    const active = byBusiness.get(id) ?? [];
    const shown = view.phoneNumber;
    if (shown === null ? active.length === 0 : active.length === 1 && active[0]!.phoneNumber === shown) continue;
    const activeText = active.length === 0 ? 'none' : active.map((n) => describeNumber(input, n)).join(', ');
    const detail =
      shown === null
        ? `the app has no number, but Twilio has ${active.length} active number(s) attributed to the business: ${activeText}`
        : `the app shows ${shown}, but the active Twilio number(s) attributed to the business are: ${activeText}`;
    const purchases = active.map((n) => purchaseOf(input, n)).filter((p): p is LedgerPurchase => p !== null);
    const shownPurchase = shown === null ? undefined : committedPurchasesOfNumber(input, shown)[0];
    if (shownPurchase !== undefined && !purchases.includes(shownPurchase)) purchases.push(shownPurchase);
    const requests = onboardingRequestsOf(input.history, id);
    violations.push({
      businessId: id,
      detail,
      operations: sortedUnique(purchases.flatMap((p) => requestsBehind(p, requests))),
      ledger: sortedUnique(purchases.map((p) => p.seq)),
    });
  }
  return resultOf(CODE, violations, unreadableNote(input));
}
