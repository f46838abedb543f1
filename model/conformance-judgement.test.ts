// The conformance part of the one judgement of a cell (scenario idempotency-key): a failing
// check fails the cell, a check not run is never a pass, and the expected failing checks are
// compared exactly.
import { describe, expect, it } from 'vitest';
import { compareCell, compareWithExpectation, failingChecks, isExpectedFailCaught, unrunChecks, verdictOfCell } from './cell-judgement.ts';
import type { ConformanceResult, InvariantResult } from './result-types.ts';

const held: InvariantResult[] = [{ code: 'EXACTLY_ONE_PURCHASE', held: true, reason: null, violations: [] }];
const check = (name: string, ok: boolean | null): ConformanceResult => ({ check: name, ok, detail: `${name} detail`, reference: 'contract §Idempotency-Key' });
const skipped = (name: string): ConformanceResult => ({ ...check(name, null), skipped: true });
const verdict = (conformance?: ConformanceResult[]) => verdictOfCell({ invariants: held, ...(conformance ? { conformance } : {}) });

describe('conformance checks in a cell verdict', () => {
  it('a failing check fails a cell whose invariants all held', () => {
    expect(verdict([check('replay', true), check('in-flight', false)])).toBe('fail');
    expect(failingChecks([check('replay', true), check('in-flight', false)])).toEqual(['in-flight']);
  });

  it('a check that could not be evaluated is not a pass: the cell is error', () => {
    const conformance = [check('replay', true), check('in-flight', null)];
    expect(verdict(conformance)).toBe('error');
    expect(unrunChecks(conformance)).toEqual(['in-flight']);
  });

  it('a check skipped for an optional part of the contract the target lacks does not decide the cell', () => {
    const conformance = [check('replay', true), skipped('other-business')];
    expect(verdict(conformance)).toBe('pass');
    expect(unrunChecks(conformance)).toEqual([]);
    expect(verdict([skipped('other-business'), check('replay', false)])).toBe('fail');
  });

  it('a failing check outranks a check not run', () => {
    expect(verdict([check('in-flight', null), check('malformed', false)])).toBe('fail');
  });

  it('without checks the verdict is the invariants alone', () => {
    expect(verdict()).toBe('pass');
    expect(verdict([check('replay', true)])).toBe('pass');
  });
});

describe('comparison with the expected failing checks', () => {
  const failCell = { expected: 'fail' as const, expectedBroken: [], expectedFailingChecks: ['replay', 'malformed'] as const };

  it('matches when exactly the listed checks fail', () => {
    const r = compareCell(failCell, { verdict: 'fail', brokenCodes: [], failingChecks: ['malformed', 'replay'] });
    expect(r).toMatchObject({ matches: true, missingChecks: [], unexpectedChecks: [] });
  });

  it('a listed check that passed is a mismatch', () => {
    const r = compareCell(failCell, { verdict: 'fail', brokenCodes: [], failingChecks: ['replay'] });
    expect(r.matches).toBe(false);
    expect(r.missingChecks).toEqual(['malformed']);
    expect(r.differences).toEqual(['expected check malformed to fail, but it did not']);
  });

  it('an unlisted failing check is a mismatch, in a FAIL cell and in a PASS cell', () => {
    const r = compareCell(failCell, { verdict: 'fail', brokenCodes: [], failingChecks: ['replay', 'malformed', 'in-flight'] });
    expect(r).toMatchObject({ matches: false, unexpectedChecks: ['in-flight'] });
    const p = compareCell({ expected: 'pass', expectedBroken: [] }, { verdict: 'fail', brokenCodes: [], failingChecks: ['in-flight'] });
    expect(p.matches).toBe(false);
    expect(p.differences).toContain('check in-flight failed where the expectation lists none');
  });

  it('a cell with a check not run never matches', () => {
    const r = compareWithExpectation({ ...failCell, verdict: 'error', invariants: held, conformance: [check('replay', false), check('malformed', null)] });
    expect(r?.matches).toBe(false);
    expect(r?.missingChecks).toEqual(['replay', 'malformed']);
  });

  it('compareWithExpectation reads the checks from the cell', () => {
    const r = compareWithExpectation({ ...failCell, verdict: 'fail', invariants: held, conformance: [check('replay', false), check('malformed', false), check('in-flight', true)] });
    expect(r?.matches).toBe(true);
  });

  it('an expected FAIL is caught only once every listed check failed', () => {
    expect(isExpectedFailCaught([], [], ['replay', 'malformed'], ['replay'])).toBe(false);
    expect(isExpectedFailCaught([], [], ['replay', 'malformed'], ['malformed', 'replay'])).toBe(true);
    expect(isExpectedFailCaught(['EXACTLY_ONE_PURCHASE'], [], ['replay'], ['replay'])).toBe(false);
    expect(isExpectedFailCaught([], [], [], ['replay'])).toBe(true);
    expect(isExpectedFailCaught([], [])).toBe(false);
  });
});

describe('the published schema', () => {
  it('lists exactly the conformance checks', async () => {
    const { readFileSync } = await import('node:fs');
    const { CONFORMANCE_CHECKS } = await import('./names.ts');
    const schema = JSON.parse(readFileSync(new URL('../reports/result.schema.json', import.meta.url), 'utf8')) as { $defs: { conformanceCheck: { enum: string[] } } };
    expect(schema.$defs.conformanceCheck.enum).toEqual([...CONFORMANCE_CHECKS]);
  });
});
