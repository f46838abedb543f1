import { describe, expect, it } from 'vitest';
import { compareCell, CONFORMANCE_CHECKS, isExpectedFailCaught, SCENARIO_NAMES, STRATEGY_NAMES } from '../model/index.ts';
import { EXPECTED_MATRIX, expectationFor, MAX_FAIL_ATTEMPTS } from './expectations.ts';

// docs/scenarios.md's table as written there, so a drift between the data and the design shows here.
const DESIGN_TABLE = `
| concurrent-burst   | FAIL | pass | pass | FAIL | pass |
| rapid-clicks       | FAIL | pass | pass | FAIL | pass |
| network-failure    | FAIL | FAIL | pass | FAIL | FAIL |
| multi-instance     | FAIL | pass | pass | FAIL | FAIL |
| db-lock-under-load | FAIL | pass | pass | FAIL | pass |
| incident-replay    | FAIL | FAIL | pass | FAIL | FAIL |
| idempotency-key    | FAIL | FAIL | pass | FAIL | FAIL |
| sustained-load     | FAIL | pass | pass | FAIL | pass |
| interleavings      | FAIL | FAIL | pass | FAIL | FAIL |`;

describe('the expected matrix', () => {
  it('names the scenarios and strategies of the contract', () => {
    expect(SCENARIO_NAMES).toEqual(['concurrent-burst', 'rapid-clicks', 'network-failure', 'multi-instance', 'db-lock-under-load', 'incident-replay', 'idempotency-key', 'sustained-load', 'interleavings']);
    expect(STRATEGY_NAMES).toEqual(['naive', 'row-lock', 'idempotent', 'memory-dedupe', 'rate-limit']);
    expect(MAX_FAIL_ATTEMPTS).toBe(5);
  });

  it('reproduces docs/scenarios.md cell by cell, plus the fixed page in front of naive', () => {
    const rows = DESIGN_TABLE.trim().split('\n').map((line) => line.split('|').map((c) => c.trim()).filter((c) => c !== ''));
    for (const [scenario, ...verdicts] of rows) {
      STRATEGY_NAMES.forEach((strategy, i) => {
        expect(expectationFor(scenario!, strategy)?.expected, `${scenario} × ${strategy}`).toBe(verdicts[i]!.toLowerCase());
      });
    }
    expect(EXPECTED_MATRIX).toHaveLength(SCENARIO_NAMES.length * STRATEGY_NAMES.length + 1);
    expect(expectationFor('rapid-clicks', 'naive', 'fixed')).toMatchObject({ expected: 'pass', variant: 'fixed' });
  });

  it('gives every FAIL cell the codes it must break and a reason, and no PASS cell any', () => {
    for (const cell of EXPECTED_MATRIX) {
      expect(cell.why.length, `${cell.scenario} × ${cell.strategy}`).toBeGreaterThan(10);
      if (cell.expected === 'pass') expect([...cell.expectedBroken, ...(cell.expectedFailingChecks ?? [])]).toEqual([]);
      // idempotency-key's FAIL cells may fail on named checks alone, where no invariant breaks.
      else expect(cell.expectedBroken.length + (cell.expectedFailingChecks?.length ?? 0)).toBeGreaterThan(0);
    }
    expect(expectationFor('incident-replay', 'naive')?.expectedBroken).toEqual(['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS']);
  });

  it('looks up variants: any label for API-level scenarios, only the own page for page scenarios', () => {
    expect(expectationFor('concurrent-burst', 'naive', 'mixed')?.expected).toBe('fail');
    expect(expectationFor('rapid-clicks', 'naive', 'buggy')?.expected).toBe('fail');
    expect(expectationFor('rapid-clicks', 'idempotent', 'fixed')?.expected).toBe('pass');
    expect(expectationFor('rapid-clicks', 'naive', 'rca-keys')).toBeNull();
    expect(expectationFor('no-such-scenario', 'naive')).toBeNull();
    expect(expectationFor('concurrent-burst', 'no-such-strategy')).toBeNull();
  });
});

describe('the idempotency-key row', () => {
  it('lists failing checks, by contract name, only in its own cells', () => {
    for (const cell of EXPECTED_MATRIX) {
      if (cell.scenario !== 'idempotency-key') expect(cell.expectedFailingChecks).toBeUndefined();
      else for (const check of cell.expectedFailingChecks ?? []) expect(CONFORMANCE_CHECKS).toContain(check);
    }
    expect(expectationFor('idempotency-key', 'idempotent')).toMatchObject({ expected: 'pass', expectedFailingChecks: [] });
    expect(expectationFor('idempotency-key', 'row-lock')).toMatchObject({ expected: 'fail', expectedBroken: [], expectedFailingChecks: ['replay', 'body-mismatch', 'other-business'] });
  });
});

describe('isExpectedFailCaught', () => {
  it('is caught once every expected code broke, extra codes allowed', () => {
    expect(isExpectedFailCaught(['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS'], [])).toBe(false);
    expect(isExpectedFailCaught(['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS'], ['EXACTLY_ONE_PURCHASE'])).toBe(false);
    expect(isExpectedFailCaught(['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS'], ['NO_ORPHANS', 'CONSISTENT_RESPONSES', 'EXACTLY_ONE_PURCHASE'])).toBe(true);
    expect(isExpectedFailCaught([], ['ALL_ONBOARDED'])).toBe(true);
    expect(isExpectedFailCaught([], [])).toBe(false);
  });
});

describe('compareCell', () => {
  const failCell = { expected: 'fail' as const, expectedBroken: ['EXACTLY_ONE_PURCHASE' as const, 'NO_ORPHANS' as const] };
  const passCell = { expected: 'pass' as const, expectedBroken: [] };

  it('matches a FAIL that broke at least the expected codes, reporting the rest as extra', () => {
    expect(compareCell(failCell, { verdict: 'fail', brokenCodes: ['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS', 'CONSISTENT_RESPONSES'] })).toEqual({
      matches: true,
      differences: [],
      missing: [],
      unexpected: [],
      extra: ['CONSISTENT_RESPONSES'],
    });
  });

  it('reports a FAIL that broke other codes than expected', () => {
    const r = compareCell(failCell, { verdict: 'fail', brokenCodes: ['EXACTLY_ONE_PURCHASE', 'ALL_ONBOARDED'] });
    expect(r).toMatchObject({ matches: false, missing: ['NO_ORPHANS'], extra: ['ALL_ONBOARDED'] });
    expect(r.differences).toEqual(['expected NO_ORPHANS to break, but it did not']);
  });

  it('reports a FAIL that passed', () => {
    expect(compareCell(failCell, { verdict: 'pass', brokenCodes: [] }).differences).toEqual([
      'expected fail, got pass',
      'expected EXACTLY_ONE_PURCHASE, NO_ORPHANS to break, but they did not',
    ]);
  });

  it('matches a clean PASS and reports any broken code in one', () => {
    expect(compareCell(passCell, { verdict: 'pass', brokenCodes: [] }).matches).toBe(true);
    expect(compareCell(passCell, { verdict: 'fail', brokenCodes: ['NO_SERVER_ERRORS'] })).toMatchObject({
      matches: false,
      unexpected: ['NO_SERVER_ERRORS'],
      differences: ['expected pass, got fail', 'broke NO_SERVER_ERRORS where every invariant should hold'],
    });
  });

  it('never matches a cell that errored or was skipped', () => {
    expect(compareCell(passCell, { verdict: 'skipped', brokenCodes: [] })).toMatchObject({ matches: false, differences: ['expected pass but the cell ended skipped'] });
    expect(compareCell(failCell, { verdict: 'error', brokenCodes: [] }).matches).toBe(false);
  });
});
