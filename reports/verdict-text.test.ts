import { describe, expect, it } from 'vitest';
import { reportFixture } from './fixtures.ts';
import { renderJunit } from './junit-report.ts';
import type { RunResult } from '../model/index.ts';
import { isDecisiveBreak, judgedByExpectations, matchesExpectation, verdictSentence } from './verdict-text.ts';

/** `exactly-one run concurrent-burst --strategy naive`: the cell is expected to FAIL, and the run fails on its breaks. */
function naiveRun(): RunResult {
  const { result } = reportFixture('matrix');
  const cell = result.scenarios.find((s) => s.strategy === 'naive' && s.name === 'concurrent-burst')!;
  return { ...result, command: 'run', verdict: 'fail', scenarios: [cell] };
}

describe('verdict in words', () => {
  it('names the broken invariants of a run that failed on them, even where docs/scenarios.md expects them', () => {
    const result = naiveRun();
    expect(matchesExpectation(result.scenarios[0]!)).toBe(true);
    expect(judgedByExpectations(result)).toBe(false);
    expect(verdictSentence(result)).toMatch(/^EXACTLY_ONE_PURCHASE, .*NO_ORPHANS.* broken in 1 of 1 scenario\.$/);
    expect(renderJunit(result)).toContain('<failure message="');
  });

  it('does not count expected breaks against a matrix run that reproduced its table', () => {
    const { result } = reportFixture('matrix');
    const naive = result.scenarios.find((s) => s.strategy === 'naive')!;
    expect(judgedByExpectations(result)).toBe(true);
    expect(naive.invariants.some((inv) => isDecisiveBreak(result, naive, inv))).toBe(false);
    expect(verdictSentence(result)).toContain('1 cell did not reproduce the expected failure');
  });

  it('says why a run errored and that an interrupted run shows what ran', () => {
    const sentence = verdictSentence(reportFixture('error').result);
    expect(sentence).toContain('interrupted by SIGINT');
    expect(sentence).toContain('the 2 scenarios that ran before the interruption');
    // Interrupted with nothing else wrong: it says so, not that the harness failed.
    const { result } = reportFixture('error');
    const { error: _error, ...interrupted } = result;
    const plain = verdictSentence({ ...interrupted, scenarios: result.scenarios.map((s) => ({ ...s, error: undefined })) });
    expect(plain).toMatch(/^The run could not finish: it was interrupted \(Ctrl-C or SIGTERM\)\./);
    expect(plain).not.toContain('the harness failed');
  });

  it('says why nothing was checked', () => {
    expect(verdictSentence(reportFixture('skipped').result)).toMatch(/^Nothing was checked: external target/);
  });
});
