// idempotency-key's checks in JUnit (one case per check) and in the HTML scenario section, judged
// against the cell's expected failing checks.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { ConformanceResult, RunResult, ScenarioResult } from '../model/index.ts';
import { checksMatchExpectation, renderConformanceTable } from './conformance-results.ts';
import { renderJunit } from './junit-report.ts';
import { matchesExpectation } from './verdict-text.ts';

const check = (name: string, ok: boolean | null, extra: Partial<ConformanceResult> = {}): ConformanceResult =>
  ({ check: name, ok, detail: `${name}: what the target answered`, reference: `draft §2.${name.length % 7}`, ...extra });

function cell(strategy: string, conformance: ConformanceResult[], expected: 'pass' | 'fail', expectedFailingChecks: string[]): ScenarioResult {
  return {
    name: 'idempotency-key', strategy, variant: 'fixed', target: 'target-app', engine: 'undici', driver: 'undici',
    verdict: conformance.some((r) => r.ok === false) ? 'fail' : 'pass', expected, expectedBroken: [], expectedFailingChecks,
    attempts: 1, skipReason: null, businesses: 7, requests: 14,
    invariants: [{ code: 'EXACTLY_ONE_PURCHASE', held: true, reason: null, violations: [] }],
    twilio: { purchases: 6, committed: 6, active: 6, released: 0, orphans: 0 }, latencyMs: { p50: 1, p95: 2, p99: 3, max: 4 },
    burst: null, faults: [], conformance,
  };
}

const rowLock = cell('row-lock', [check('replay', false), check('in-flight', true), check('other-business', null, { skipped: true })], 'fail', ['replay']);
const naive = cell('naive', [check('replay', true), check('in-flight', false)], 'fail', ['replay', 'in-flight']);

function casesOf(result: RunResult) {
  const xml = renderJunit(result);
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(xml) as {
    testsuites: { testsuite: { '@_name': string; testcase: { '@_name': string; failure?: { '@_type': string; '@_message': string }; skipped?: unknown; 'system-out'?: string }[] }[] };
  };
  return doc.testsuites.testsuite;
}

const run = (command: string, scenarios: ScenarioResult[], verdict: RunResult['verdict']): RunResult => ({
  version: 1, command, argv: [command], rerun: `npx exactly-one ${command}`, startedAt: '2026-12-01T23:00:00.000Z', durationMs: 1,
  verdict, environment: { node: 'v20', postgres: '17', os: 'linux', seed: 1, engine: 'undici', browser: null }, scenarios,
});

describe('conformance checks in JUnit', () => {
  it('one case per check; under the matrix an expected failure passes and a check that conformed where a failure was expected fails', () => {
    const [rl, nv] = casesOf(run('matrix', [rowLock, naive], 'fail'));
    const byName = (suite: typeof rl) => Object.fromEntries(suite!.testcase.map((c) => [c['@_name'], c]));
    const r = byName(rl);
    expect(Object.keys(r).filter((n) => n.startsWith('conformance '))).toEqual(['conformance replay', 'conformance in-flight', 'conformance other-business']);
    expect(r['conformance replay']!.failure).toBeUndefined();
    expect(r['conformance replay']!['system-out']).toMatch(/expected failure reproduced: replay: what the target answered/);
    expect(r['conformance other-business']!.skipped).toBeDefined();
    expect(byName(nv)['conformance replay']!.failure!['@_type']).toBe('NOT_REPRODUCED');
  });

  it('outside the matrix every failing check is a failure, typed by its name', () => {
    const [rl] = casesOf(run('run', [rowLock], 'fail'));
    expect(rl!.testcase.find((c) => c['@_name'] === 'conformance replay')!.failure!['@_type']).toBe('CONFORMANCE_REPLAY');
  });
});

describe('conformance checks in the HTML report and the expectation', () => {
  it('lists each check with its result, the detail and the clause it tests, escaped', () => {
    const html = renderConformanceTable(cell('x', [check('replay', false, { detail: '<b>200</b> replayed' }), check('other-business', null, { skipped: true })], 'fail', ['replay']));
    expect(html).toContain('<code>replay</code>');
    expect(html).toContain('✘ fails</span> <span class="exp">expected</span>');
    expect(html).toContain('&lt;b&gt;200&lt;/b&gt; replayed');
    expect(html).toContain('– skipped');
    expect(renderConformanceTable({ ...rowLock, conformance: [] })).toBe('');
  });

  it('a cell matches only with exactly its expected failing checks', () => {
    expect(checksMatchExpectation(rowLock)).toBe(true);
    expect(matchesExpectation(rowLock)).toBe(true);
    expect(checksMatchExpectation(naive)).toBe(false);
    expect(matchesExpectation(naive)).toBe(false);
    expect(checksMatchExpectation({ ...rowLock, conformance: undefined, expectedFailingChecks: [] })).toBeNull();
  });
});
