// Scenario sustained-load's thresholds (result.json `load.thresholds`) in JUnit: one test case per
// threshold besides one per invariant. The expected matrix sets no thresholds, so a threshold is
// judged as written: one that did not hold is a failure, whatever the cell was expected to do.
import type { TestSuite } from 'junit-report-builder';
import type { ScenarioResult } from '../model/index.ts';

/** The thresholds of a cell that did not hold, as written (e.g. `p95<1500`). */
export function failedThresholds(s: Pick<ScenarioResult, 'load'>): string[] {
  return (s.load?.thresholds ?? []).filter((t) => !t.ok).map((t) => t.expression);
}

export function addThresholdCases(suite: TestSuite, s: ScenarioResult): void {
  for (const t of s.load?.thresholds ?? []) {
    const c = suite.testCase().name(`threshold ${t.expression}`).className(`exactly-one.${s.name}.${s.strategy}`);
    if (!t.ok) c.failure(`${t.expression} did not hold: measured ${t.value}`, 'THRESHOLD_FAILED');
  }
}
