// NO_ORPHANS: every active Twilio number is attributed to exactly one business and referenced
// by it — the incident's four numbers that existed only at Twilio. Released numbers are not
// orphans here (they still count as purchases for EXACTLY_ONE_PURCHASE).
import type { InvariantResult, Violation } from '../../model/index.ts';
import { onboardingRequestsOf, requestsBehind } from './explaining-operations.ts';
import type { InvariantInput } from './invariant-input.ts';
import { notEvaluated, resultOf, skipReason, sortedUnique } from './invariant-result.ts';
import { activeNumbersByBusiness, describeNumber, purchaseOf, unreadableNote } from './purchases-by-business.ts';

const CODE = 'NO_ORPHANS';

export function noOrphans(input: InvariantInput): InvariantResult {
  const skipped = skipReason(input, CODE);
  if (skipped !== null) return notEvaluated(CODE, skipped);
  const { byBusiness, unattributed } = activeNumbersByBusiness(input);
  const violations: Violation[] = [];
  for (const { number, reason } of unattributed) {
    const p = purchaseOf(input, number);
    violations.push({
      businessId: null,
      detail: `active number ${describeNumber(input, number)} is attributed to no business: ${reason}`,
      operations: [],
      ledger: p === null ? [] : [p.seq],
    });
  }
  for (const { id } of input.businesses) {
    const view = input.appView[id] ?? null;
    if (view === null) continue;
    const requests = onboardingRequestsOf(input.history, id);
    const unreferenced = (byBusiness.get(id) ?? []).filter((n) => n.phoneNumber !== view.phoneNumber);
    if (unreferenced.length === 0) continue;
    const purchases = unreferenced.map((n) => purchaseOf(input, n)).filter((p) => p !== null);
    const app = view.phoneNumber === null ? 'has no number' : `shows ${view.phoneNumber}`;
    violations.push({
      businessId: id,
      detail: `${unreferenced.length} active number(s) attributed to the business that the app does not reference (it ${app}): ${unreferenced
        .map((n) => describeNumber(input, n))
        .join(', ')}`,
      operations: sortedUnique(purchases.flatMap((p) => requestsBehind(p, requests))),
      ledger: sortedUnique(purchases.map((p) => p.seq)),
    });
  }
  return resultOf(CODE, violations, unreadableNote(input));
}
