import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { LoadResult, RunResult } from '../model/index.ts';
import { reportFixture } from './fixtures.ts';
import { renderJunit } from './junit-report.ts';
import { failedThresholds } from './load-thresholds.ts';

interface Case { '@_name': string; failure?: { '@_message': string; '@_type': string } }
interface Suite { '@_name': string; '@_failures': string; testcase: Case[] }

const load: LoadResult = {
  stages: [{ durationS: 5, target: 10 }, { durationS: 10, target: 10 }],
  achievedRatePerS: 8.33,
  arrivals: 125,
  dropped: 0,
  maxInFlight: 200,
  latencyMs: { p50: 480, p90: 850, p95: 1007, p99: 1529, max: 1658 },
  thresholds: [{ expression: 'p95<1500', value: 1007, ok: true }, { expression: 'p99<1000', value: 1529, ok: false }],
  series: [{ t: 1, arrivals: 1, completed: 0, inFlight: 1, p95Ms: 0, purchases: 0, violations: 0 }],
};

function withLoad(): RunResult {
  const { result } = reportFixture('pass');
  return { ...result, scenarios: result.scenarios.map((s, i) => (i === 0 ? { ...s, verdict: 'fail', load } : s)) };
}

describe('load thresholds in JUnit', () => {
  it('writes one case per threshold beside the invariants: a failure for one that did not hold', () => {
    const xml = renderJunit(withLoad());
    expect(XMLValidator.validate(xml)).toBe(true);
    const suites = (new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml) as { testsuites: { testsuite: Suite[] } }).testsuites.testsuite;
    const cases = suites[0]!.testcase;
    expect(cases.filter((c) => c['@_name'].startsWith('threshold ')).map((c) => c['@_name'])).toEqual(['threshold p95<1500', 'threshold p99<1000']);
    expect(cases.find((c) => c['@_name'] === 'threshold p95<1500')!.failure).toBeUndefined();
    expect(cases.find((c) => c['@_name'] === 'threshold p99<1000')!.failure).toMatchObject({ '@_type': 'THRESHOLD_FAILED', '@_message': 'p99<1000 did not hold: measured 1529' });
    expect(suites[1]!.testcase.some((c) => c['@_name'].startsWith('threshold '))).toBe(false);
  });

  it('names the thresholds that did not hold', () => {
    expect(failedThresholds({ load })).toEqual(['p99<1000']);
    expect(failedThresholds({})).toEqual([]);
  });
});
