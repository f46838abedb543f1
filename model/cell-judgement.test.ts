import { describe, expect, it } from 'vitest';
import type { InvariantResult } from './result-types.ts';
import { brokenCodes, compareWithExpectation, unevaluatedCodes, verdictOfCell } from './cell-judgement.ts';

const held = (code: InvariantResult['code']): InvariantResult => ({ code, held: true, reason: null, violations: [] });
const broken = (code: InvariantResult['code']): InvariantResult => ({ code, held: false, reason: null, violations: [{ businessId: 'b1', detail: 'x' }] });
const unknown = (code: InvariantResult['code']): InvariantResult => ({ code, held: null, reason: 'PUBLIC_BASE_URL unknown', violations: [] });
const skipped = (code: InvariantResult['code']): InvariantResult => ({ ...unknown(code), skipped: true });

describe('verdictOfCell: no verdict without evidence', () => {
  it('passes only when every required invariant held', () => {
    expect(verdictOfCell({ invariants: [held('EXACTLY_ONE_PURCHASE'), held('NO_ORPHANS')] })).toBe('pass');
  });
  it('a not-evaluated invariant is an error, never a pass', () => {
    expect(verdictOfCell({ invariants: [held('EXACTLY_ONE_PURCHASE'), unknown('WEBHOOKS_CONSISTENT')] })).toBe('error');
    expect(unevaluatedCodes([unknown('WEBHOOKS_CONSISTENT')])).toEqual(['WEBHOOKS_CONSISTENT']);
  });
  it('an invariant the user skipped is neither judged nor an error', () => {
    expect(verdictOfCell({ invariants: [held('EXACTLY_ONE_PURCHASE'), skipped('WEBHOOKS_CONSISTENT')] })).toBe('pass');
    expect(brokenCodes([{ ...broken('NO_ORPHANS'), skipped: true }])).toEqual([]);
  });
  it('a violation outranks missing evidence', () => {
    expect(verdictOfCell({ invariants: [broken('EXACTLY_ONE_PURCHASE'), unknown('WEBHOOKS_CONSISTENT')] })).toBe('fail');
  });
  it('no invariant result at all is an error', () => {
    expect(verdictOfCell({ invariants: [] })).toBe('error');
  });
  it('a failed conformance check or threshold fails the cell; a check that could not run does not', () => {
    const invariants = [held('EXACTLY_ONE_PURCHASE')];
    expect(verdictOfCell({ invariants, conformance: [{ check: 'replay', ok: false, detail: '', reference: '' }] })).toBe('fail');
    expect(verdictOfCell({ invariants, conformance: [{ check: 'other-business', ok: null, skipped: true, detail: 'no sharedOwner', reference: '' }] })).toBe('pass');
    expect(verdictOfCell({ invariants, load: { thresholds: [{ expression: 'p95<10', value: 20, ok: false }] } })).toBe('fail');
  });
});

describe('compareWithExpectation', () => {
  it('an expected FAIL whose codes were not evaluated does not match', () => {
    const c = compareWithExpectation({ expected: 'fail', expectedBroken: ['EXACTLY_ONE_PURCHASE'], verdict: 'error', invariants: [unknown('EXACTLY_ONE_PURCHASE')] });
    expect(c?.matches).toBe(false);
  });
  it('no expectation → null', () => {
    expect(compareWithExpectation({ expected: null, expectedBroken: [], verdict: 'pass', invariants: [] })).toBeNull();
  });
});
