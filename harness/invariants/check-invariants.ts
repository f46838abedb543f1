import type { InvariantResult } from '../../model/index.ts';
import { allOnboarded } from './all-onboarded.ts';
import { consistentResponses } from './consistent-responses.ts';
import { dbMatchesTwilio } from './db-matches-twilio.ts';
import { exactlyOnePurchase } from './exactly-one-purchase.ts';
import type { InvariantInput } from './invariant-input.ts';
import { noOrphans } from './no-orphans.ts';
import { noServerErrors } from './no-server-errors.ts';
import { webhooksConsistent } from './webhooks-consistent.ts';

/** All seven invariants, in the order of docs/invariants.md. */
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
