// CONSISTENT_RESPONSES: every 200 for a business names the same number, equal to the app's
// final view; non-2xx only as docs/target-contract.md lists (status and code together).
//
// A 200 that names no number (memory-dedupe's `{ success: true, message: "Request already
// processed" }`) breaks it: the contract's 200 is `{ success, phoneNumber, alreadyComplete }`,
// and a client told "done" without a number may be holding a success for a request that then
// failed. The expected matrix does not lean on this (memory-dedupe's FAIL cells are expected to
// break EXACTLY_ONE_PURCHASE and NO_ORPHANS), so it is the stricter reading at no cost to it.
//
// Judged only on onboarding requests (POST), not on reads: a read before the settle step may
// rightly show no number. A 500 is left to NO_SERVER_ERRORS. Outcomes without a response
// (info) say nothing and are skipped.
import type { InvariantResult, Violation } from '../../model/index.ts';
import type { Operation } from '../../model/index.ts';
import { isAllowedError } from './allowed-responses.ts';
import { errorCodeOf, isOnboardingRequest, phoneNumberOf } from './explaining-operations.ts';
import type { InvariantInput } from './invariant-input.ts';
import { notEvaluated, resultOf, skipReason, sortedUnique } from './invariant-result.ts';
import { committedPurchasesOfNumber } from './purchases-by-business.ts';

const CODE = 'CONSISTENT_RESPONSES';

export function consistentResponses(input: InvariantInput): InvariantResult {
  const skipped = skipReason(input, CODE);
  if (skipped !== null) return notEvaluated(CODE, skipped);
  const violations: Violation[] = [];
  const byBusiness = new Map<string, Operation[]>();
  for (const op of input.history) {
    if (op.status === null) continue;
    const list = byBusiness.get(op.businessId) ?? [];
    list.push(op);
    byBusiness.set(op.businessId, list);
  }
  for (const [businessId, ops] of byBusiness) {
    violations.push(...numberViolations(businessId, ops.filter((op) => op.outcome === 'ok' && isOnboardingRequest(op)), input));
    violations.push(...statusViolations(businessId, ops));
  }
  return resultOf(CODE, violations);
}

function numberViolations(businessId: string, oks: Operation[], input: InvariantInput): Violation[] {
  const violations: Violation[] = [];
  const withoutNumber = oks.filter((op) => phoneNumberOf(op.body) === null);
  if (withoutNumber.length > 0) {
    const message = (withoutNumber[0]!.body as { message?: unknown } | null)?.message;
    violations.push({
      businessId,
      detail: `${withoutNumber.length} 200 response(s) named no phone number${typeof message === 'string' ? ` ("${message}")` : ''}`,
      operations: withoutNumber.map((op) => op.id),
      ledger: [],
    });
  }
  const named = new Map<string, number[]>();
  for (const op of oks) {
    const number = phoneNumberOf(op.body);
    if (number !== null) named.set(number, [...(named.get(number) ?? []), op.id]);
  }
  if (named.size === 0) return violations;
  const known = businessId in input.appView;
  const view = input.appView[businessId] ?? null;
  const listed = [...named].map(([n, ids]) => `${n} (op${ids.length > 1 ? 's' : ''} ${ids.join(', ')})`).join(' and ');
  if (view !== null) {
    const wrong = [...named].filter(([n]) => n !== view.phoneNumber);
    if (wrong.length === 0) return violations;
    const final = view.phoneNumber === null ? 'has no number' : `has ${view.phoneNumber}`;
    violations.push({
      businessId,
      detail: `200 responses named ${listed}; the app's final view ${final}`,
      operations: wrong.flatMap(([, ids]) => ids).sort((a, b) => a - b),
      ledger: purchasesOf(input, wrong.map(([n]) => n)),
    });
  } else if (named.size > 1) {
    // Without the final view (unreadable, or a business outside the run), the 200s must agree.
    violations.push({
      businessId,
      detail: `200 responses named ${listed}${known ? '; the final view could not be read' : ''}`,
      operations: [...named.values()].map((ids) => ids[0]!).sort((a, b) => a - b),
      ledger: purchasesOf(input, [...named.keys()]),
    });
  }
  return violations;
}

/** The committed purchases that bought the numbers a client was told: where each came from. */
function purchasesOf(input: InvariantInput, numbers: string[]): number[] {
  return sortedUnique(numbers.flatMap((n) => committedPurchasesOfNumber(input, n).map((p) => p.seq)));
}

function statusViolations(businessId: string, ops: Operation[]): Violation[] {
  const groups = new Map<string, Operation[]>();
  for (const op of ops) {
    const status = op.status!;
    if ((status >= 200 && status < 300) || status === 500) continue;
    const code = errorCodeOf(op.body);
    if (isAllowedError(status, code)) continue;
    const key = `${status} ${code === null ? 'without a code' : `with code ${code}`}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  return [...groups].map(([key, list]) => ({
    businessId,
    detail: `${list.length} response(s) ${key}, which docs/target-contract.md does not list`,
    operations: list.map((op) => op.id),
    ledger: [],
  }));
}
