// Scenario idempotency-key's named checks (result.json `conformance`) in the HTML report and in
// JUnit: one row / one test case per check, judged against the expected failing checks of the cell
// the way invariants are judged against their expected breaks.
import type { TestSuite } from 'junit-report-builder';
import type { ConformanceResult, ScenarioResult } from '../model/index.ts';
import { esc } from './html-escape.ts';

/** The expected matrix lists this check as one the cell fails. */
export const isExpectedFailingCheck = (s: ScenarioResult, r: ConformanceResult): boolean =>
  s.expected === 'fail' && (s.expectedFailingChecks ?? []).includes(r.check);

/** A check the matrix expected to fail that passed. */
export const isMissingCheckFailure = (s: ScenarioResult, r: ConformanceResult): boolean => r.ok === true && isExpectedFailingCheck(s, r);

/** Whether the cell's failing checks are exactly the expected ones (null: no checks and none expected). */
export function checksMatchExpectation(s: ScenarioResult): boolean | null {
  const expected = s.expected === 'fail' ? s.expectedFailingChecks ?? [] : [];
  if (!s.conformance?.length && expected.length === 0) return null;
  const failing = (s.conformance ?? []).filter((r) => r.ok === false).map((r) => r.check);
  return failing.length === expected.length && expected.every((check) => failing.includes(check));
}

export function renderConformanceTable(s: ScenarioResult): string {
  if (!s.conformance?.length) return '';
  const rows = s.conformance.map((r) => {
    const state = r.ok === true ? '<span class="held">✔ conforms</span>' : r.ok === false ? '<span class="broken">✘ fails</span>'
      : r.skipped ? '<span class="na">– skipped</span>' : '<span class="na">– not evaluated</span>';
    const note = r.ok === false ? (isExpectedFailingCheck(s, r) ? '<span class="exp">expected</span>' : '<span class="mm">unexpected</span>')
      : isMissingCheckFailure(s, r) ? '<span class="mm">expected to fail</span>' : '';
    return `<tr><td><code>${esc(r.check)}</code></td><td>${state} ${note}</td><td>${esc(r.detail)}</td><td class="muted">${esc(r.reference)}</td></tr>`;
  }).join('');
  return '<h3>Idempotency-Key conformance</h3><p class="muted">One fresh business per check (docs/idempotency-key.md).</p>'
    + `<table class="invariants conformance"><thead><tr><th>check</th><th>result</th><th>what happened</th><th>tests</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** One JUnit case per check; `byExpectations`: an expected failure that happened passes, one that did not fails. */
export function addConformanceCases(suite: TestSuite, s: ScenarioResult, byExpectations: boolean): void {
  for (const r of s.conformance ?? []) {
    const c = suite.testCase().name(`conformance ${r.check}`).className(`exactly-one.${s.name}.${s.strategy}`);
    const text = `${r.detail}\n(tests ${r.reference})`;
    if (s.verdict === 'skipped' || r.ok === null) c.skipped().standardOutput(`${r.skipped ? 'skipped' : 'not evaluated'}: ${text}`);
    else if (r.ok === false && (!byExpectations || !isExpectedFailingCheck(s, r))) c.failure(r.detail, `CONFORMANCE_${r.check.toUpperCase().replace(/-/g, '_')}`).stacktrace(text);
    else if (byExpectations && isMissingCheckFailure(s, r)) c.failure(`expected check ${r.check} to fail, but the target conformed: ${r.detail}`, 'NOT_REPRODUCED');
    else c.standardOutput(r.ok === false ? `expected failure reproduced: ${text}` : text);
  }
}
