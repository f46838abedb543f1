// The verdict in words, shared by the HTML banner and the terminal summary, so a reviewer reads the
// same sentence in CI's log and in the report.
import { compareWithExpectation, failingChecks, type InvariantResult, type RunResult, type ScenarioResult, type Verdict } from '../model/index.ts';
import { failedThresholds } from './load-thresholds.ts';

export const VERDICT_WORD: Record<Verdict, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skipped: 'SKIPPED' };
/** Shapes that read without colour (greyscale print, colour blindness). */
export const VERDICT_ICON: Record<Verdict, string> = { pass: '✔', fail: '✘', error: '⚠', skipped: '⊘' };

/**
 * A broken invariant in a cell docs/scenarios.md expects to pass. In a cell expected to FAIL, the codes of
 * `expectedBroken` must break and others may break too (one bug often breaks several invariants).
 */
export function isUnexpectedBreak(s: ScenarioResult, inv: InvariantResult): boolean {
  return inv.held === false && s.expected !== 'fail';
}

/** An expected break that did not happen — held, or not evaluated (the cell failed to reproduce the bug). */
export function isMissingBreak(s: ScenarioResult, inv: InvariantResult): boolean {
  return compareWithExpectation(s)?.missing.includes(inv.code) ?? false;
}

/**
 * Whether the run's verdict compared cells with docs/scenarios.md (matrix, reproduce: an expected break is
 * a success) or failed on any broken invariant (gate, run). Read from the result itself: a failing
 * run in which every cell matches its expectation can only have failed on the breaks.
 */
export function judgedByExpectations(result: RunResult): boolean {
  return result.verdict !== 'fail' || result.scenarios.some((s) => matchesExpectation(s) === false);
}

/** A broken invariant that counts against the run (its verdict, its exit code, a JUnit failure). */
export function isDecisiveBreak(result: RunResult, s: ScenarioResult, inv: InvariantResult): boolean {
  return inv.held === false && (isUnexpectedBreak(s, inv) || !judgedByExpectations(result));
}

/**
 * Whether a cell matches the expected matrix (null: no expectation, or nothing was judged), by the
 * one comparison in model/ that the matrix command uses too.
 */
export function matchesExpectation(s: ScenarioResult): boolean | null {
  if (s.verdict === 'skipped' || s.verdict === 'error') return null;
  return compareWithExpectation(s)?.matches ?? null;
}

export function cellLabel(s: ScenarioResult): string {
  return `${s.name} [${s.strategy}/${s.variant}]`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function verdictSentence(result: RunResult): string {
  const all = result.scenarios;
  const ran = all.filter((s) => s.verdict !== 'skipped');
  const expectations = all.some((s) => s.expected === 'fail');
  switch (result.verdict) {
    case 'pass':
      if (result.command === 'reproduce') return 'The incident was reproduced without the fix, and the fix prevented it.';
      if (expectations) return `The expected matrix was reproduced: all ${plural(ran.length, 'cell')} as docs/scenarios.md says.`;
      return `Every invariant held in ${plural(ran.length, 'scenario')}: exactly one number was bought per business.`
        + (ran.length < all.length ? ` ${all.length - ran.length} skipped.` : '');
    case 'fail': {
      const broken = all.filter((s) => s.invariants.some((inv) => isDecisiveBreak(result, s, inv)));
      const codes = [...new Set(broken.flatMap((s) => s.invariants.filter((inv) => isDecisiveBreak(result, s, inv)).map((inv) => inv.code)))];
      const judged = judgedByExpectations(result);
      const checks = judged ? [] : all.filter((s) => failingChecks(s.conformance).length > 0);
      const thresholds = all.filter((s) => failedThresholds(s).length > 0);
      const missing = all.filter((s) => matchesExpectation(s) === false && !broken.includes(s) && !thresholds.includes(s));
      const parts: string[] = [];
      if (broken.length > 0) parts.push(`${codes.join(', ')} broken in ${broken.length} of ${plural(all.length, 'scenario')}`);
      for (const s of checks) parts.push(`Idempotency-Key check${failingChecks(s.conformance).length === 1 ? '' : 's'} ${failingChecks(s.conformance).join(', ')} failed in ${cellLabel(s)}`);
      for (const s of thresholds) parts.push(`threshold ${failedThresholds(s).join(', ')} failed in ${cellLabel(s)}`);
      if (missing.length > 0) parts.push(`${plural(missing.length, 'cell')} did not reproduce the expected failure (${missing.map(cellLabel).join(', ')})`);
      // A violation outranks a later failure, but the summary names both.
      if (result.error) parts.push(`then the run could not finish: ${result.error}`);
      if (result.interrupted) parts.push('the run was interrupted; the report shows what ran');
      return parts.length > 0 ? `${parts.join('; ')}.` : 'The run failed.';
    }
    case 'error': {
      const crashed = all.filter((s) => s.verdict === 'error');
      const why = result.error ?? crashed.find((s) => s.error)?.error ?? (result.interrupted ? 'it was interrupted (Ctrl-C or SIGTERM)' : 'the harness failed');
      const ranSoFar = result.interrupted ? ` The report shows the ${plural(all.length, 'scenario')} that ran before the interruption.` : '';
      return `The run could not finish: ${why}.`.replace(/\.\.$/, '.') + ranSoFar;
    }
    case 'skipped': {
      const reasons = [...new Set(all.map((s) => s.skipReason).filter((r): r is string => !!r))];
      return `Nothing was checked: ${reasons.join('; ') || 'every scenario was skipped'}.`;
    }
  }
}
