import type { InvariantCode, InvariantResult, Violation } from '../../model/index.ts';
import type { InvariantInput } from './invariant-input.ts';

/** held is false exactly when there is a violation; `reason` carries caveats even when it holds. */
export function resultOf(code: InvariantCode, violations: Violation[], reason: string | null = null): InvariantResult {
  return { code, held: violations.length === 0, reason, violations };
}

export function notEvaluated(code: InvariantCode, reason: string): InvariantResult {
  return { code, held: null, reason, violations: [] };
}

/** The reason a caller gave for not evaluating this code, if any (InvariantInput.evaluate). */
export function skipReason(input: InvariantInput, code: InvariantCode): string | null {
  const reason = input.evaluate?.[code];
  return reason === undefined ? null : reason;
}

/** Sorted, de-duplicated numbers: violation operation ids and ledger seqs are read by people. */
export function sortedUnique(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
