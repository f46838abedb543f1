import { describe, expect, it } from 'vitest';
import type { RunResult, ScenarioResult } from '../../model/index.ts';
import { UsageError } from '../errors.ts';
import { reportFixture, renderJunit } from '../../reports/index.ts';
import { defaultExitCode, refuseUnjudgeable } from './scenario-command.ts';
import type { RunConfig } from '../config/index.ts';

const cell = (verdict: ScenarioResult['verdict'], held: boolean | null = true): ScenarioResult => ({
  ...reportFixture('pass').result.scenarios[0]!,
  verdict,
  invariants: [{ code: 'EXACTLY_ONE_PURCHASE', held: true, reason: null, violations: [] }, { code: 'WEBHOOKS_CONSISTENT', held, reason: held === null ? 'unknown base URL' : null, violations: held === false ? [{ businessId: 'b', detail: 'x' }] : [] }],
});
const run = (verdict: RunResult['verdict'], scenarios: ScenarioResult[]): RunResult => ({ ...reportFixture('pass').result, verdict, scenarios });

describe('exit codes: no verdict without evidence', () => {
  it('a run where every cell was skipped is exit 3, never 0', () => {
    expect(defaultExitCode(run('skipped', [cell('skipped')]))).toBe(3);
  });
  it('a violation outranks an error in another cell (exit 1)', () => {
    expect(defaultExitCode(run('fail', [cell('fail', false), cell('error', null)]))).toBe(1);
  });
  it('a cell whose invariant could not be evaluated is an environment failure (3), a crashed cell is ours (4)', () => {
    expect(defaultExitCode(run('error', [cell('error', null)]))).toBe(3);
    expect(defaultExitCode(run('error', [{ ...cell('error'), invariants: [] }]))).toBe(4);
  });
  it('pass is 0', () => {
    expect(defaultExitCode(run('pass', [cell('pass')]))).toBe(0);
  });
  it('JUnit reports a not-evaluated invariant as an error and a user-skipped one as skipped', () => {
    const notEvaluated = renderJunit(run('error', [cell('error', null)]));
    expect(notEvaluated).toMatch(/<error[^>]*NOT_EVALUATED/);
    const skipped = cell('pass');
    skipped.invariants[1] = { code: 'WEBHOOKS_CONSISTENT', held: null, reason: 'skipped with --skip-invariant', violations: [], skipped: true };
    expect(renderJunit(run('pass', [skipped]))).toMatch(/<skipped\/>|<skipped>/);
  });
});

describe('refuseUnjudgeable', () => {
  const base = { targetUrl: 'http://127.0.0.1:9999' } as RunConfig;
  it('refuses --target-url without --public-base-url, naming the flag', () => {
    expect(() => refuseUnjudgeable(base)).toThrow(UsageError);
    expect(() => refuseUnjudgeable(base)).toThrow(/WEBHOOKS_CONSISTENT/);
  });
  it('accepts it with --public-base-url or an explicit --skip-invariant', () => {
    expect(() => refuseUnjudgeable({ ...base, publicBaseUrl: 'http://127.0.0.1:9999' })).not.toThrow();
    expect(() => refuseUnjudgeable({ ...base, skipInvariant: ['WEBHOOKS_CONSISTENT'] })).not.toThrow();
    expect(() => refuseUnjudgeable({} as RunConfig)).not.toThrow();
  });
});
