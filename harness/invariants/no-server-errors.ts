// NO_SERVER_ERRORS: no 500, and no crash of a target the scenario did not kill itself.
// Only 500 is judged here (docs/invariants.md); other unlisted statuses fall to CONSISTENT_RESPONSES.
import type { InvariantResult, Violation } from '../../model/index.ts';
import { errorCodeOf } from './explaining-operations.ts';
import type { InvariantInput } from './invariant-input.ts';
import { notEvaluated, resultOf, skipReason } from './invariant-result.ts';

const CODE = 'NO_SERVER_ERRORS';

export function noServerErrors(input: InvariantInput): InvariantResult {
  const skipped = skipReason(input, CODE);
  if (skipped !== null) return notEvaluated(CODE, skipped);
  const violations: Violation[] = [];
  for (const op of input.history) {
    if (op.status !== 500) continue;
    const code = errorCodeOf(op.body);
    violations.push({
      businessId: op.businessId,
      detail: `${op.method} ${op.path} answered 500${code === null ? '' : ` (${code})`} on instance ${op.instance}`,
      operations: [op.id],
      ledger: [],
    });
  }
  for (const crash of input.crashes) {
    if (crash.expected) continue;
    // The requests cut off on that instance are what a reader sees of the crash in the history.
    const cut = input.history.filter((op) => op.instance === crash.instance && op.outcome === 'info' && op.fault === null);
    violations.push({
      businessId: null,
      detail: `target instance ${crash.instance} crashed unexpectedly: ${crash.detail}`,
      operations: cut.map((op) => op.id),
      ledger: [],
    });
  }
  return resultOf(CODE, violations);
}
