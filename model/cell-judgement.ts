// The one place where a cell is judged: from its invariants to its verdict, and from its verdict
// and broken codes to "matches the expected matrix or not". The runner, the matrix command, the
// terminal summary, the HTML report and JUnit all read these functions; none re-derives them.
import type { InvariantCode } from './names.ts';
import type { InvariantResult, Verdict } from './result-types.ts';

/** The codes that did not hold (held: false). Not-evaluated (null) and skipped codes are not broken. */
export function brokenCodes(results: readonly InvariantResult[]): InvariantCode[] {
  return results.filter((r) => r.held === false && !r.skipped).map((r) => r.code);
}

/** Required invariants that could not be evaluated: a cell cannot pass on them. */
export function unevaluatedCodes(results: readonly InvariantResult[]): InvariantCode[] {
  return results.filter((r) => r.held === null && !r.skipped).map((r) => r.code);
}

/**
 * A cell's verdict from its invariants: any broken → fail (a violation outranks everything);
 * else any required one not evaluated → error (no verdict without evidence); else pass.
 */
export function verdictOfInvariants(results: readonly InvariantResult[]): Extract<Verdict, 'pass' | 'fail' | 'error'> {
  if (brokenCodes(results).length > 0) return 'fail';
  if (unevaluatedCodes(results).length > 0) return 'error';
  return 'pass';
}

/** True once an expected FAIL has shown every code it must break (repeat the cell until then). */
export function isExpectedFailCaught(expectedBroken: readonly InvariantCode[], broken: readonly InvariantCode[]): boolean {
  if (expectedBroken.length === 0) return broken.length > 0;
  return expectedBroken.every((code) => broken.includes(code));
}

export interface CellExpectation {
  expected: 'pass' | 'fail';
  expectedBroken: readonly InvariantCode[];
}

export interface CellComparison {
  matches: boolean;
  /** One sentence per difference, for the matrix report and the exit code. */
  differences: string[];
  /** Expected codes that held or were not evaluated. */
  missing: InvariantCode[];
  /** Broken codes in a PASS cell. */
  unexpected: InvariantCode[];
  /** Broken codes beyond the expected ones in a FAIL cell (not a mismatch). */
  extra: InvariantCode[];
}

/**
 * A PASS cell must end with verdict pass and no broken invariant. A FAIL cell must end with
 * verdict fail and break *at least* its expected codes; more broken codes are `extra`, not a
 * mismatch (a race that loses can break a different number of neighbouring invariants each run).
 */
export function compareCell(expected: CellExpectation, actual: { verdict: Verdict; brokenCodes: readonly InvariantCode[] }): CellComparison {
  const differences: string[] = [];
  const broken = [...new Set(actual.brokenCodes)];
  if (actual.verdict === 'error' || actual.verdict === 'skipped') {
    differences.push(`expected ${expected.expected} but the cell ended ${actual.verdict}`);
    return { matches: false, differences, missing: [...expected.expectedBroken], unexpected: [], extra: [] };
  }
  if (actual.verdict !== expected.expected) differences.push(`expected ${expected.expected}, got ${actual.verdict}`);
  if (expected.expected === 'pass') {
    if (broken.length > 0) differences.push(`broke ${broken.join(', ')} where every invariant should hold`);
    return { matches: differences.length === 0, differences, missing: [], unexpected: broken, extra: [] };
  }
  const missing = expected.expectedBroken.filter((code) => !broken.includes(code));
  if (missing.length > 0) differences.push(`expected ${missing.join(', ')} to break, but ${missing.length === 1 ? 'it' : 'they'} did not`);
  const extra = broken.filter((code) => !expected.expectedBroken.includes(code));
  return { matches: differences.length === 0, differences, missing, unexpected: [], extra };
}

/** A cell's comparison with its expectation, or null when it has none (or nothing was judged). */
export function compareWithExpectation(cell: { expected: 'pass' | 'fail' | null; expectedBroken: readonly InvariantCode[]; verdict: Verdict; invariants: readonly InvariantResult[] }): CellComparison | null {
  if (cell.expected === null) return null;
  return compareCell({ expected: cell.expected, expectedBroken: cell.expectedBroken }, { verdict: cell.verdict, brokenCodes: brokenCodes(cell.invariants) });
}
