// The seven invariants as checkers over the cell's evidence, in the order of INVARIANT_CODES.
// A code the user skipped (--skip-invariant) is reported as skipped and never judged; an
// invariant that throws is "not evaluated" with the reason (held: null), which is never a pass.
import { INVARIANT_CODES, type InvariantCode, type InvariantResult } from '../../model/index.ts';
import {
  allOnboarded, consistentResponses, dbMatchesTwilio, exactlyOnePurchase, noOrphans, noServerErrors, webhooksConsistent,
  type InvariantInput,
} from '../invariants/index.ts';
import type { CellEvidence } from './cell-evidence.ts';
import { checkSafe, type Checker } from './check-safe.ts';

const INVARIANTS: Record<InvariantCode, (input: InvariantInput) => InvariantResult> = {
  EXACTLY_ONE_PURCHASE: exactlyOnePurchase,
  DB_MATCHES_TWILIO: dbMatchesTwilio,
  NO_ORPHANS: noOrphans,
  CONSISTENT_RESPONSES: consistentResponses,
  ALL_ONBOARDED: allOnboarded,
  NO_SERVER_ERRORS: noServerErrors,
  WEBHOOKS_CONSISTENT: webhooksConsistent,
};

export const SKIPPED_BY_USER = 'skipped with --skip-invariant: not judged';

export function invariantInputOf(evidence: CellEvidence): InvariantInput {
  return {
    businesses: evidence.businesses,
    history: evidence.history,
    ledger: evidence.ledger,
    numbers: evidence.numbers,
    appView: evidence.appView,
    publicBaseUrl: evidence.publicBaseUrl,
    settle: evidence.settle,
    crashes: evidence.crashes,
    evaluate: evidence.notEvaluable,
  };
}

export function checkInvariantsOf(evidence: CellEvidence): InvariantResult[] {
  const input = invariantInputOf(evidence);
  return INVARIANT_CODES.map((code): InvariantResult => {
    if (evidence.skipInvariants.includes(code)) return { code, held: null, reason: SKIPPED_BY_USER, violations: [], skipped: true };
    const checker: Checker<InvariantInput, InvariantResult> = { name: code, check: INVARIANTS[code] };
    const checked = checkSafe(checker, input);
    return checked.ok ? checked.value : { code, held: null, reason: checked.error, violations: [] };
  });
}
