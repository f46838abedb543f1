import { describe, expect, it } from 'vitest';
import { INVARIANT_CODES } from '../../model/index.ts';
import { checkCell } from '../checkers/index.ts';
import { benchCheckerThroughput, wrongAnswers } from './checker-throughput.ts';
import { PLANTED_KINDS, syntheticCell } from './synthetic-cell.ts';

describe('the synthetic cell of checker.ops_per_s', () => {
  it('has three operations per business, a purchase per onboarded one, and each kind planted in turn', () => {
    const cell = syntheticCell({ operations: 3_000, plantEvery: 50 });
    expect(cell.evidence.history).toHaveLength(3_000);
    expect(cell.evidence.businesses).toHaveLength(1_000);
    for (const kind of PLANTED_KINDS) expect(cell.planted[kind]).toHaveLength(20);
    // Every business bought once, but the not-onboarded ones; the double purchases and orphans add one each.
    expect(cell.evidence.ledger.purchases).toHaveLength(1_000 - 20 + 20 + 20);
    expect(new Set(cell.evidence.history.map((op) => op.id)).size).toBe(3_000);
  });

  it('breaks every one of the seven invariants, and the checkers name exactly the planted businesses', () => {
    const cell = syntheticCell({ operations: 3_000, plantEvery: 50 });
    const findings = checkCell(cell.evidence);
    expect(findings.problems).toEqual([]);
    expect(findings.invariants.map((i) => [i.code, i.held])).toEqual(INVARIANT_CODES.map((code) => [code, false]));
    expect(wrongAnswers(cell, findings.invariants)).toEqual([]);
    expect(cell.expected.EXACTLY_ONE_PURCHASE).toEqual(cell.planted['double-purchase']);
    expect(cell.expected.NO_ORPHANS.filter((id) => id === null)).toHaveLength(20);
  });

  it('with nothing planted (fewer businesses than the first planted slot), every invariant holds', () => {
    const cell = syntheticCell({ operations: 3, plantEvery: 50 });
    const findings = checkCell(cell.evidence);
    expect(findings.invariants.every((i) => i.held === true)).toBe(true);
    expect(wrongAnswers(cell, findings.invariants)).toEqual([]);
  });

  it('a missed or an invented violation is a wrong answer, which the bench refuses to time', () => {
    const cell = syntheticCell({ operations: 600, plantEvery: 10 });
    const invariants = checkCell(cell.evidence).invariants;
    const missed = invariants.map((i) => (i.code === 'NO_SERVER_ERRORS' ? { ...i, violations: i.violations.slice(1) } : i));
    expect(wrongAnswers(cell, missed)).toEqual([expect.stringMatching(/^NO_SERVER_ERRORS: held false, 19 violation\(s\) where 20 were planted \(1 missed, 0 not planted\)$/)]);
    const invented = invariants.map((i) => (i.code === 'ALL_ONBOARDED' ? { ...i, violations: [...i.violations, { ...i.violations[0]!, businessId: 'biz-0000000' }] } : i));
    expect(wrongAnswers(cell, invented)).toEqual([expect.stringContaining('ALL_ONBOARDED: held false, 21 violation(s) where 20 were planted (0 missed, 1 not planted)')]);
    expect(wrongAnswers(cell, invariants.filter((i) => i.code !== 'NO_ORPHANS'))).toEqual(['NO_ORPHANS did not report']);
  });

  it('refuses sizes it cannot plant into', () => {
    expect(() => syntheticCell({ operations: 2 })).toThrow(RangeError);
    expect(() => syntheticCell({ operations: 300, plantEvery: 7 })).toThrow(RangeError);
  });

  it('prints one line of the documented shape', async () => {
    const [line, ...rest] = await benchCheckerThroughput({ quick: true, operations: 3_000 });
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ name: 'checker.ops_per_s', unit: 'ops/s', operations: 3_000, verified: true, goal: expect.stringContaining('10 s') });
    expect(line!.value).toBeGreaterThan(0);
    expect(line!.seconds).toBeGreaterThan(0);
  });
});
