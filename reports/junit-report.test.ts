import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { reportFixture } from './fixtures.ts';
import { renderJunit } from './junit-report.ts';
import type { RunResult } from '../model/index.ts';

interface Case { '@_name': string; '@_classname'?: string; failure?: { '@_message': string; '@_type': string; '#text'?: string }; error?: { '@_message': string; '@_type': string }; skipped?: unknown; 'system-out'?: string }
interface Suite { '@_name': string; '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; testcase: Case[] }

function parse(result: RunResult): Suite[] {
  const xml = renderJunit(result);
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml) as { testsuites: { testsuite: Suite[] } };
  return doc.testsuites.testsuite;
}

describe('renderJunit', () => {
  it('writes one suite per cell named `<scenario> [<strategy>/<variant>]` and one case per invariant', () => {
    const { result } = reportFixture('pass');
    const suites = parse(result);
    expect(suites.map((s) => s['@_name'])).toEqual(['concurrent-burst [idempotent/mixed]', 'rapid-clicks [idempotent/fixed]', 'network-failure [idempotent/mixed]']);
    for (const suite of suites) {
      expect(suite.testcase.map((c) => c['@_name'])).toEqual(result.scenarios[0]!.invariants.map((i) => i.code));
      expect(suite['@_failures']).toBe('0');
      expect(suite.testcase.every((c) => c.failure === undefined && c.error === undefined)).toBe(true);
    }
  });

  it('carries every unexpected violation in a failure, typed by its invariant code', () => {
    const { result } = reportFixture('fail');
    const suites = parse(result);
    const burst = suites.find((s) => s['@_name'] === 'concurrent-burst [naive/mixed]')!;
    const failure = burst.testcase.find((c) => c['@_name'] === 'EXACTLY_ONE_PURCHASE')!.failure!;
    const violations = result.scenarios[0]!.invariants.find((i) => i.code === 'EXACTLY_ONE_PURCHASE')!.violations;
    expect(violations.length).toBeGreaterThan(0);
    expect(failure['@_type']).toBe('EXACTLY_ONE_PURCHASE');
    expect(failure['@_message']).toContain(`${violations.length} violation(s)`);
    for (const v of violations) expect(failure['#text']).toContain(`${v.businessId}: ${v.detail}`);
    expect(burst.testcase.find((c) => c['@_name'] === 'DB_MATCHES_TWILIO')!.failure).toBeUndefined();
  });

  it('passes an expected break (violations in system-out) and fails a cell that did not reproduce it', () => {
    const { result } = reportFixture('matrix');
    const suites = parse(result);
    const naive = suites.find((s) => s['@_name'] === 'concurrent-burst [naive/mixed]')!;
    const reproduced = naive.testcase.find((c) => c['@_name'] === 'EXACTLY_ONE_PURCHASE')!;
    expect(reproduced.failure).toBeUndefined();
    expect(reproduced['system-out']).toContain('expected violation reproduced');
    const missed = suites.find((s) => s['@_name'] === 'network-failure [row-lock/mixed]')!;
    const notReproduced = missed.testcase.find((c) => c['@_name'] === 'EXACTLY_ONE_PURCHASE')!;
    expect(notReproduced.failure?.['@_type']).toBe('NOT_REPRODUCED');
    expect(Number(suites.reduce((n, s) => n + Number(s['@_failures']), 0))).toBe(2);
  });

  it('reports a crashed cell, its unevaluated invariants and an interrupted run as errors — never as skipped', () => {
    const suites = parse(reportFixture('error').result);
    const crashed = suites.find((s) => s['@_name'] === 'network-failure [idempotent/mixed]')!;
    expect(crashed.testcase[0]!.error?.['@_message']).toContain('TARGET_CRASHED');
    expect(crashed['@_skipped']).toBe('0');
    expect(crashed.testcase.filter((c) => c.error?.['@_type'] === 'NOT_EVALUATED')).toHaveLength(7);
    const run = suites.find((s) => s['@_name'] === 'exactly-one gate')!;
    expect(run.testcase[0]!.error?.['@_type']).toBe('INTERRUPTED');
  });

  it('marks every case of a skipped cell skipped, with the reason', () => {
    const [suite] = parse(reportFixture('skipped').result);
    expect(suite!['@_skipped']).toBe(String(suite!.testcase.length));
    expect(suite!.testcase[0]!['system-out']).toContain('--target-url');
  });
});
