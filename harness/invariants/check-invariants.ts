import type { InvariantResult } from '../../reports/result-types.ts';
import { allOnboarded } from './all-onboarded.ts';
import { consistentResponses } from './consistent-responses.ts';
import { dbMatchesTwilio } from './db-matches-twilio.ts';
import { exactlyOnePurchase } from './exactly-one-purchase.ts';
import type { InvariantInput } from './invariant-input.ts';
import { noOrphans } from './no-orphans.ts';
import { noServerErrors } from './no-server-errors.ts';
import { webhooksConsistent } from './webhooks-consistent.ts';

/** All seven invariants, in the order of DESIGN §5. */
export function checkInvariants(input: InvariantInput): InvariantResult[] {
  return [
    exactlyOnePurchase(input),
    dbMatchesTwilio(input),
    noOrphans(input),
    consistentResponses(input),
    allOnboarded(input),
    noServerErrors(input),
    webhooksConsistent(input),
  ];
}

/** The codes that did not hold (held: false); not-evaluated codes (null) are not broken. */
export function brokenCodes(results: readonly InvariantResult[]): InvariantResult['code'][] {
  return results.filter((r) => r.held === false).map((r) => r.code);
}
