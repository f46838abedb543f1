// The one place where a cell is judged: from its invariants to its verdict, and from its verdict
// and broken codes to "matches the expected matrix or not". The runner, the matrix command, the
// terminal summary, the HTML report and JUnit all read these functions; none re-derives them.
import type { InvariantCode } from './names.ts';
import type { ConformanceResult, InvariantResult, LoadResult, Verdict } from './result-types.ts';

/** The codes that did not hold (held: false). Not-evaluated (null) and skipped codes are not broken. */
export function brokenCodes(results: readonly InvariantResult[]): InvariantCode[] {
  return results.filter((r) => r.held === false && !r.skipped).map((r) => r.code);
}

/** Required invariants that could not be evaluated: a cell cannot pass on them. */
export function unevaluatedCodes(results: readonly InvariantResult[]): InvariantCode[] {
  return results.filter((r) => r.held === null && !r.skipped).map((r) => r.code);
}

/** The named conformance checks that failed (ok: false). */
export function failingChecks(results: readonly ConformanceResult[] = []): string[] {
  return results.filter((r) => r.ok === false).map((r) => r.check);
}

/**
 * Conformance checks that could not be evaluated (ok: null, the reason in `detail`) and were not
 * skipped: a cell cannot pass on them, as on an invariant not evaluated.
 */
export function unrunChecks(results: readonly ConformanceResult[] = []): string[] {
  return results.filter((r) => r.ok === null && !r.skipped).map((r) => r.check);
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

/**
 * The verdict the runner gives a cell, from everything that judged it: a broken invariant, a
 * failed conformance check or a failed load threshold → fail (a violation outranks missing
 * evidence); else a required invariant not evaluated, a conformance check that could not be
 * evaluated, or no invariant result at all → error; else pass. A conformance check the target
 * cannot take (skipped: e.g. no sharedOwner fixtures, an optional part of the contract) is
 * reported skipped with its reason and does not decide the cell, as a skipped invariant.
 */
export function verdictOfCell(cell: { invariants: readonly InvariantResult[]; conformance?: readonly ConformanceResult[]; load?: Pick<LoadResult, 'thresholds'> }): Extract<Verdict, 'pass' | 'fail' | 'error'> {
  if (brokenCodes(cell.invariants).length > 0 || failingChecks(cell.conformance).length > 0) return 'fail';
  if (cell.load?.thresholds.some((t) => !t.ok)) return 'fail';
  if (cell.invariants.length === 0 || unevaluatedCodes(cell.invariants).length > 0 || unrunChecks(cell.conformance).length > 0) return 'error';
  return 'pass';
}

/**
 * True once an expected FAIL has shown every code it must break and every check it must fail
 * (repeat the cell until then). With neither listed, any broken code or failing check will do.
 */
export function isExpectedFailCaught(
  expectedBroken: readonly InvariantCode[],
  broken: readonly InvariantCode[],
  expectedFailingChecks: readonly string[] = [],
  failing: readonly string[] = [],
): boolean {
  if (expectedBroken.length === 0 && expectedFailingChecks.length === 0) return broken.length > 0 || failing.length > 0;
  return expectedBroken.every((code) => broken.includes(code)) && expectedFailingChecks.every((check) => failing.includes(check));
}

export interface CellExpectation {
  expected: 'pass' | 'fail';
  expectedBroken: readonly InvariantCode[];
  /** idempotency-key: the conformance checks a FAIL cell fails, exactly (they are deterministic). */
  expectedFailingChecks?: readonly string[];
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
  /** idempotency-key: expected failing checks that passed or were not run. */
  missingChecks?: string[];
  /** idempotency-key: failing checks the expectation does not list (in a PASS or a FAIL cell). */
  unexpectedChecks?: string[];
}

/**
 * A PASS cell must end with verdict pass, no broken invariant and no failing check. A FAIL cell
 * must end with verdict fail and break *at least* its expected codes; more broken codes are
 * `extra`, not a mismatch (a race that loses can break a different number of neighbouring
 * invariants each run). Conformance checks are compared exactly: each one is a single
 * deterministic exchange (the in-flight one is held at the fake, not raced), so a check that
 * newly fails or newly passes is a change of behaviour, never luck.
 */
export function compareCell(
  expected: CellExpectation,
  actual: { verdict: Verdict; brokenCodes: readonly InvariantCode[]; failingChecks?: readonly string[] },
): CellComparison {
  const differences: string[] = [];
  const broken = [...new Set(actual.brokenCodes)];
  const failing = [...new Set(actual.failingChecks ?? [])];
  const expectedChecks: readonly string[] = expected.expectedFailingChecks ?? [];
  // Only cells with conformance checks carry the check fields, so other cells read as before.
  const withChecks = (missingChecks: string[], unexpectedChecks: string[]) =>
    expectedChecks.length > 0 || failing.length > 0 ? { missingChecks, unexpectedChecks } : {};
  if (actual.verdict === 'error' || actual.verdict === 'skipped') {
    differences.push(`expected ${expected.expected} but the cell ended ${actual.verdict}`);
    return { matches: false, differences, missing: [...expected.expectedBroken], unexpected: [], extra: [], ...withChecks([...expectedChecks], []) };
  }
  if (actual.verdict !== expected.expected) differences.push(`expected ${expected.expected}, got ${actual.verdict}`);
  const missingChecks = expectedChecks.filter((check) => !failing.includes(check));
  const unexpectedChecks = failing.filter((check) => !expectedChecks.includes(check));
  if (missingChecks.length > 0) differences.push(`expected check${missingChecks.length === 1 ? '' : 's'} ${missingChecks.join(', ')} to fail, but ${missingChecks.length === 1 ? 'it' : 'they'} did not`);
  if (unexpectedChecks.length > 0) differences.push(`check${unexpectedChecks.length === 1 ? '' : 's'} ${unexpectedChecks.join(', ')} failed where the expectation lists ${expectedChecks.length === 0 ? 'none' : expectedChecks.join(', ')}`);
  if (expected.expected === 'pass') {
    if (broken.length > 0) differences.push(`broke ${broken.join(', ')} where every invariant should hold`);
    return { matches: differences.length === 0, differences, missing: [], unexpected: broken, extra: [], ...withChecks(missingChecks, unexpectedChecks) };
  }
  const missing = expected.expectedBroken.filter((code) => !broken.includes(code));
  if (missing.length > 0) differences.push(`expected ${missing.join(', ')} to break, but ${missing.length === 1 ? 'it' : 'they'} did not`);
  const extra = broken.filter((code) => !expected.expectedBroken.includes(code));
  return { matches: differences.length === 0, differences, missing, unexpected: [], extra, ...withChecks(missingChecks, unexpectedChecks) };
}

/** A cell's comparison with its expectation, or null when it has none (or nothing was judged). */
export function compareWithExpectation(cell: {
  expected: 'pass' | 'fail' | null;
  expectedBroken: readonly InvariantCode[];
  expectedFailingChecks?: readonly string[];
  verdict: Verdict;
  invariants: readonly InvariantResult[];
  conformance?: readonly ConformanceResult[];
}): CellComparison | null {
  if (cell.expected === null) return null;
  return compareCell(
    { expected: cell.expected, expectedBroken: cell.expectedBroken, ...(cell.expectedFailingChecks ? { expectedFailingChecks: cell.expectedFailingChecks } : {}) },
    { verdict: cell.verdict, brokenCodes: brokenCodes(cell.invariants), failingChecks: failingChecks(cell.conformance) },
  );
}
