// junit.xml (docs/reports.md): one suite per scenario cell named `<scenario> [<strategy>/<variant>]`, one
// case per invariant, so CI systems list the broken invariants natively. A case fails when the
// outcome differs from docs/scenarios.md's expectation: an expected break that happened passes (its
// violations go to system-out), an expected break that did not happen fails.
import type { Builder, TestSuite } from 'junit-report-builder';
import { createRequire } from 'node:module';
import type { InvariantResult, RunResult, ScenarioResult, Violation } from '../model/index.ts';
import { addConformanceCases } from './conformance-results.ts';
import { addThresholdCases } from './load-thresholds.ts';
import { cellLabel, isMissingBreak, judgedByExpectations } from './verdict-text.ts';

// The package is CommonJS whose module.exports is the builder, while its types declare an ES
// default export: under NodeNext TypeScript and Node disagree about `import junit from`, so load
// it the way Node sees it.
const junit = createRequire(import.meta.url)('junit-report-builder') as Builder;

/** Violations written into one case's text; the rest are counted (the HTML report has them all). */
const VIOLATIONS_IN_XML = 200;

function violationLines(vs: Violation[]): string {
  const lines = vs.slice(0, VIOLATIONS_IN_XML).map((v) => `${v.businessId ?? '(no business)'}: ${v.detail}`
    + (v.operations?.length ? ` [operations ${v.operations.join(', ')}]` : '')
    + (v.ledger?.length ? ` [ledger ${v.ledger.join(', ')}]` : ''));
  if (vs.length > VIOLATIONS_IN_XML) lines.push(`… and ${vs.length - VIOLATIONS_IN_XML} more (see index.html and result.json)`);
  return lines.join('\n');
}

function addInvariantCase(suite: TestSuite, s: ScenarioResult, inv: InvariantResult, byExpectations: boolean): void {
  const c = suite.testCase().name(inv.code).className(`exactly-one.${s.name}.${s.strategy}`);
  if (s.verdict === 'skipped' || inv.skipped) {
    c.skipped().standardOutput(`skipped: ${inv.reason ?? s.skipReason ?? 'no reason given'}`);
  } else if (inv.held === null) {
    // A required invariant that could not be evaluated: no evidence, so never a pass or a skip.
    c.error(`not evaluated: ${inv.reason ?? 'no reason given'}`, 'NOT_EVALUATED');
  } else if (inv.held === false && (s.expected !== 'fail' || !byExpectations)) {
    const first = inv.violations[0];
    c.failure(`${inv.violations.length} violation(s)${first ? `; first: ${first.businessId ?? ''} ${first.detail}` : ''}`, inv.code)
      .stacktrace(violationLines(inv.violations));
  } else if (isMissingBreak(s, inv)) {
    c.failure(`expected ${inv.code} to break (docs/scenarios.md) but it held in ${s.attempts} attempt(s)`, 'NOT_REPRODUCED');
  } else if (inv.held === false) {
    c.standardOutput(`expected violation reproduced in ${s.attempts} attempt(s):\n${violationLines(inv.violations)}`);
  }
}

export function renderJunit(result: RunResult): string {
  const builder = junit.newBuilder().name(`exactly-one ${result.command}`);
  const byExpectations = judgedByExpectations(result);
  for (const s of result.scenarios) {
    const suite = builder.testSuite().name(cellLabel(s)).timestamp(result.startedAt);
    if (s.durationMs !== undefined) suite.time(s.durationMs / 1000);
    const props: [string, string][] = [['strategy', s.strategy], ['variant', s.variant], ['driver', s.driver], ['engine', s.engine],
      ['target', s.target], ['verdict', s.verdict], ['expected', s.expected ?? 'none'], ['attempts', String(s.attempts)],
      ['seed', String(result.environment.seed)], ['rerun', result.rerun]];
    for (const [k, v] of props) suite.property(k, v);
    if (s.verdict === 'error') {
      suite.testCase().name('scenario').className(`exactly-one.${s.name}.${s.strategy}`).error(s.error ?? 'the scenario crashed', 'SCENARIO_ERROR');
    }
    if (s.invariants.length === 0 && s.verdict === 'skipped') {
      suite.testCase().name('scenario').className(`exactly-one.${s.name}.${s.strategy}`).skipped().standardOutput(`skipped: ${s.skipReason ?? ''}`);
    }
    for (const inv of s.invariants) addInvariantCase(suite, s, inv, byExpectations);
    addThresholdCases(suite, s);
    addConformanceCases(suite, s, byExpectations);
  }
  if (result.verdict === 'error' && (result.error || result.scenarios.length === 0)) {
    builder.testSuite().name(`exactly-one ${result.command}`).timestamp(result.startedAt)
      .testCase().name('run').className('exactly-one').error(result.error ?? 'the run ended before any scenario finished', result.interrupted ? 'INTERRUPTED' : 'RUN_ERROR');
  }
  return builder.build();
}
