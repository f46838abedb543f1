// The adapter on k6's own output: the samples in test/fixtures/k6/ are copied verbatim from k6's
// documentation and repository (see SOURCES.md there). Lines carrying our scripts' tags are made
// from those real lines by adding tags, never written from scratch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettingsOf, parseThreshold, type ThresholdSpec } from '../../config/index.ts';
import { parseK6JsonOutput, parseRfc3339Ns, readK6Points, RESPONSES_METRIC } from './k6-json-output.ts';
import { LATENCY_METRIC } from '../../../scenarios/k6/load-profile.ts';
import { addLoadSamples, emptyLoadSamples, k6LoadEvidence, k6Percentile, withK6Verdicts, type K6SummaryExport } from './k6-load-output.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'k6');
const lines = (file: string) => readFileSync(join(FIXTURES, file), 'utf8').split('\n');
const DOCS = lines('k6-docs-json-output.jsonl');
const REPO = lines('k6-repo-json-output.jsonl');

const docsRequest = () => JSON.parse(DOCS[3]!) as { type: string; metric: string; data: { time: string; value: number; tags: Record<string, string> } };
/** The docs' http_req_duration line as one of our requests would carry it. */
function ourRequest(tags: Record<string, string>, status = '200'): string {
  const line = docsRequest();
  line.data.tags = { ...line.data.tags, url: 'http://127.0.0.1:4000/api/businesses/b-1/complete-onboarding', method: 'POST', status, ...tags };
  return JSON.stringify(line);
}
/** The repository's counter Point (my_metric2) as a sample of one of our metrics. */
function ourPoint(metric: string, time: string, tags: Record<string, string>, value?: number): string {
  const line = JSON.parse(REPO[4]!) as { metric: string; data: { time: string; value: number; tags: Record<string, string> } };
  line.metric = metric;
  line.data.time = time;
  line.data.tags = tags;
  if (value !== undefined) line.data.value = value;
  return JSON.stringify(line);
}
/** …as our per-response sample. */
const ourResponse = (time: string, tags: Record<string, string>) => ourPoint(RESPONSES_METRIC, time, tags);

describe('k6 JSON output', () => {
  it('reads times to the nanosecond in any offset', () => {
    expect(parseRfc3339Ns('2017-05-09T14:34:45.239531499+02:00')).toBe(BigInt(Date.UTC(2017, 4, 9, 12, 34, 45, 239)) * 1_000_000n + 531_499n);
    expect(parseRfc3339Ns('2021-02-24T13:37:10Z')).toBe(BigInt(Date.UTC(2021, 1, 24, 13, 37, 10)) * 1_000_000n);
    expect(() => parseRfc3339Ns('yesterday')).toThrow(/RFC 3339/);
  });

  it("reads the points of the documentation's sample (tags null, old Metric shape)", () => {
    const points = readK6Points(DOCS);
    expect(points.map((p) => p.metric)).toEqual(['vus', 'http_req_duration']);
    expect(points[0]!.tags).toEqual({});
    expect(points[1]).toMatchObject({ value: 459.865729, tags: { method: 'GET', status: '200', url: 'https://httpbin.test.k6.io/get' } });
  });

  it("reads the repository's sample, metadata included, and finds no request in it", () => {
    const points = readK6Points(REPO);
    expect(points).toHaveLength(5);
    expect(points[0]!.tags).toEqual({ tag1: 'val1', meta1: 'foo', meta2: 'bar' });
    expect(parseK6JsonOutput(REPO)).toEqual([]);
  });

  it("turns the documentation's http_req_duration sample into an operation: end time, duration, status", () => {
    const [op] = parseK6JsonOutput(DOCS, { scenario: 'concurrent-burst' });
    const end = parseRfc3339Ns('2017-05-09T14:34:45.239531499+02:00');
    expect(op).toEqual({
      scenario: 'concurrent-burst', businessId: '', instance: 0, client: 'no-key', method: 'GET', path: '/get', key: null, burst: null,
      invokeNs: String(end - 459_865_729n), completeNs: String(end), arrivalNs: null, outcome: 'ok', status: 200, body: null, error: null, fault: null,
    });
  });

  it('puts wall times on the monotonic clock the ledger uses', () => {
    const end = parseRfc3339Ns('2017-05-09T14:34:45.239531499+02:00');
    const [op] = parseK6JsonOutput(DOCS, { clock: { wallNs: end - 1_000n, hrNs: 5_000n } });
    expect(op!.completeNs).toBe('6000');
  });

  it("joins our scripts' request and response samples on op, with the compact body", () => {
    const { time } = docsRequest().data;
    const out = parseK6JsonOutput([
      ...DOCS.slice(0, 3),
      ourRequest({ op: 'cb:0:0', business: 'b-1', key: 'shared-0-abc', client: 'shared-key', burst: '0', name: 'complete-onboarding' }),
      ourResponse(time, { op: 'cb:0:0', business: 'b-1', status: '200', success: 'true', phone: '+18285550100', already: 'false', code: '', arrival_ns: '123' }),
      ourRequest({ op: 'cb:0:1', business: 'b-1', key: 'shared-0-abc', client: 'shared-key', burst: '0' }, '409'),
      ourResponse(time, { op: 'cb:0:1', business: 'b-1', status: '409', success: 'false', code: 'ONBOARDING_IN_PROGRESS', retry_after_ms: '250' }),
    ]);
    expect(out).toHaveLength(2);
    const [ok, busy] = [out.find((o) => o.status === 200)!, out.find((o) => o.status === 409)!];
    expect(ok).toMatchObject({ businessId: 'b-1', client: 'shared-key', method: 'POST', path: '/api/businesses/b-1/complete-onboarding', key: 'shared-0-abc', burst: 0, arrivalNs: '123', outcome: 'ok', body: { success: true, phoneNumber: '+18285550100', alreadyComplete: false } });
    expect(busy).toMatchObject({ outcome: 'fail', body: { success: false, code: 'ONBOARDING_IN_PROGRESS', retryAfterMs: 250 } });
  });

  it("classifies k6's failed requests: connection refused never reached the app, a timeout may have", () => {
    const out = parseK6JsonOutput([
      ourRequest({ op: 'a', business: 'b-1', error_code: '1212', error: 'dial: connection refused' }, '0'),
      ourRequest({ op: 'b', business: 'b-1', error_code: '1050', error: 'request timeout' }, '0'),
    ]);
    expect(out.map((o) => [o.outcome, o.status, o.error])).toEqual([['fail', null, 'dial: connection refused'], ['info', null, 'request timeout']]);
  });

  it("rebuilds the browser module's requests from response samples alone", () => {
    const [op] = parseK6JsonOutput([ourResponse('2021-02-24T13:37:20Z', { op: 'rcb:3:0', business: 'b-7', client: 'browser', key: '', status: '200', duration_ms: '412', success: 'true', phone: '+18285550111' })]);
    expect(op).toMatchObject({ businessId: 'b-7', client: 'browser', path: '/api/businesses/b-7/complete-onboarding', outcome: 'ok', key: null });
    expect(BigInt(op!.completeNs) - BigInt(op!.invokeNs)).toBe(412_000_000n);
  });

  it('names the line that is not JSON', () => {
    expect(() => parseK6JsonOutput([DOCS[0]!, '{"type":"Point",'])).toThrow(/line 2/);
  });
});

describe("k6 JSON output of sustained-load (the docs' and repository's lines with the script's tags)", () => {
  const { time } = docsRequest().data;
  const load = (tags: Record<string, string>) => ({ name: 'complete-onboarding', client: 'load', burst: '', fault: '', instance: '0', ...tags });
  /** The docs' http_req_duration line with a duration of our choosing. */
  const timed = (ms: number, tags: Record<string, string>, status: string) => {
    const line = JSON.parse(ourRequest(tags, status)) as { data: { value: number } };
    line.data.value = ms;
    return JSON.stringify(line);
  };
  const run = [
    DOCS[0]!, DOCS[1]!, // vus = 5
    ourPoint('exactly_one_arrivals', time, {}, 1), ourPoint('exactly_one_arrivals', time, {}, 1), ourPoint('exactly_one_arrivals', time, {}, 1),
    ourPoint('dropped_iterations', time, { scenario: 'sustained-load' }, 1),
    // Arrival 0: a double-click, the second on the same instance.
    timed(120, load({ op: 'sl:0:0', business: 'b-1', key: 'k-0', attempt: 'first', expected_response: 'true' }), '200'),
    ourResponse(time, { op: 'sl:0:0', business: 'b-1', status: '200', success: 'true', phone: '+18285550100', already: 'false' }),
    ourPoint('exactly_one_errors', time, { op: 'sl:0:0' }, 0),
    timed(80, load({ op: 'sl:0:1', business: 'b-1', key: 'k-0', attempt: 'double-click', expected_response: 'true' }), '409'),
    ourResponse(time, { op: 'sl:0:1', business: 'b-1', status: '409', success: 'false', code: 'ONBOARDING_IN_PROGRESS' }),
    ourPoint('exactly_one_errors', time, { op: 'sl:0:1' }, 0),
    // Arrival 1: the client gives up at its own timeout, then retries on instance 1.
    timed(500, load({ op: 'sl:1:0', business: 'b-2', key: '', attempt: 'first', fault: 'client-timeout', instance: '1', expected_response: 'false', error_code: '1050', error: 'request timeout' }), '0'),
    ourResponse(time, { op: 'sl:1:0', business: 'b-2', status: '0' }),
    ourPoint('exactly_one_errors', time, { op: 'sl:1:0' }, 0),
    timed(300, load({ op: 'sl:1:1', business: 'b-2', key: '', attempt: 'retry-after-timeout', instance: '1', expected_response: 'true' }), '200'),
    ourResponse(time, { op: 'sl:1:1', business: 'b-2', status: '200', success: 'true', phone: '+18285550101', already: 'false' }),
    ourPoint('exactly_one_errors', time, { op: 'sl:1:1' }, 0),
    // Arrival 2: a 500, an error.
    timed(40, load({ op: 'sl:2:0', business: 'b-3', key: '', attempt: 'first', expected_response: 'true' }), '500'),
    ourResponse(time, { op: 'sl:2:0', business: 'b-3', status: '500', success: 'false', code: 'INTERNAL' }),
    ourPoint('exactly_one_errors', time, { op: 'sl:2:0' }, 1),
  ];
  const spec = (text: string): ThresholdSpec => {
    const parsed = parseThreshold(text);
    if (typeof parsed === 'string') throw new Error(parsed);
    return parsed;
  };

  it('keeps the load client, the instance and the deliberate client timeout of each request', () => {
    const ops = parseK6JsonOutput(run, { scenario: 'sustained-load' });
    expect(ops).toHaveLength(5);
    expect(ops.every((o) => o.client === 'load')).toBe(true);
    const timedOut = ops.find((o) => o.businessId === 'b-2' && o.status === null)!;
    expect(timedOut).toMatchObject({ fault: 'client-timeout', instance: 1, outcome: 'info', error: 'request timeout' });
    expect(ops.filter((o) => o.fault !== null)).toHaveLength(1);
    expect(ops.find((o) => o.businessId === 'b-2' && o.status === 200)).toMatchObject({ instance: 1, fault: null });
  });

  it('adds up arrivals, dropped iterations, answered latencies, errors and the vus peak, over every segment', () => {
    const one = addLoadSamples(emptyLoadSamples(), readK6Points(run));
    expect(one).toEqual({ arrivals: 3, dropped: 1, latenciesMs: [120, 80, 300, 40], requests: 5, errors: 1, peakVus: 5 });
    const two = addLoadSamples(addLoadSamples(emptyLoadSamples(), readK6Points(run)), readK6Points(run));
    expect(two).toMatchObject({ arrivals: 6, dropped: 2, requests: 10, errors: 2, peakVus: 5 });
  });

  it("takes percentiles as k6's Trend does (linear between closest ranks)", () => {
    expect(k6Percentile([], 0.95)).toBe(0);
    expect(k6Percentile([7], 0.99)).toBe(7);
    expect(k6Percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(k6Percentile([40, 80, 120, 300], 0.95)).toBeCloseTo(273, 6);
  });

  it("rebuilds result.json's load and judges the thresholds over the whole run", () => {
    const settings = loadSettingsOf({ thresholds: ['p95<250', 'max<=300', 'error_rate<0.25', 'dropped<1', 'achieved_rate>=0.2'].map(spec) });
    const evidence = k6LoadEvidence(settings, addLoadSamples(emptyLoadSamples(), readK6Points(run)), 4);
    expect(evidence).toMatchObject({
      arrivals: 3, dropped: 1, due: 4, scheduled: 125, maxInFlight: 200, achievedRatePerS: 0.2, requests: 5, errors: 1, errorRate: 0.2,
      latencyMs: { p50: 100, p90: 246, p95: 273, p99: 294.6, max: 300 }, series: [], peakInFlight: 5, unusedBusinesses: 1, stoppedBy: 'schedule', phaseMs: 15_000,
    });
    expect(evidence.thresholds).toEqual([
      { expression: 'p95<250', value: 273, ok: false },
      { expression: 'max<=300', value: 300, ok: true },
      { expression: 'error_rate<0.25', value: 0.2, ok: true },
      { expression: 'dropped<1', value: 1, ok: false },
      { expression: 'achieved_rate>=0.2', value: 0.2, ok: true },
    ]);
    const aborted = k6LoadEvidence({ ...settings, abortOnFail: true }, addLoadSamples(emptyLoadSamples(), readK6Points(run)), 4);
    expect(aborted.stoppedBy).toBe('threshold');
  });
});

describe("k6's verdicts read back from --summary-export (the repository's expected export, renamed to our metrics)", () => {
  type Metric = Record<string, unknown> & { thresholds?: Record<string, boolean> };
  const sample = () => JSON.parse(readFileSync(join(FIXTURES, 'k6-repo-summary-export.json'), 'utf8')) as { metrics: Record<string, Metric> };
  /** A metric of the sample under our name, its one threshold's verdict under our expression. */
  const renamed = (metric: Metric, expression: string): Metric => ({ ...metric, thresholds: { [expression]: Object.values(metric.thresholds!)[0]! } });
  const spec = (text: string) => parseThreshold(text) as ThresholdSpec;
  const settings = loadSettingsOf({ thresholds: ['p95<1000', 'error_rate<0.8', 'achieved_rate>=0.5', 'dropped<1'].map(spec) });
  const ours = [
    { expression: 'p95<1000', value: 18, ok: true }, { expression: 'error_rate<0.8', value: 0.7, ok: true },
    { expression: 'achieved_rate>=0.5', value: 0.3, ok: false }, { expression: 'dropped<1', value: 0, ok: true },
  ];
  const legacy = (): K6SummaryExport => {
    const { metrics } = sample();
    return { metrics: {
      // my_trend: med/max/p(90)/p(95)/p(99), failed (true) in the sample.
      [LATENCY_METRIC]: renamed(metrics.my_trend!, 'p(95)<1000'),
      // checks: a Rate with `value` 0.75, passed (false) in the sample.
      exactly_one_errors: renamed(metrics.checks!, 'rate<0.8'),
      // http_reqs: a Counter with count 3, failed (true) in the sample.
      exactly_one_arrivals: renamed(metrics.http_reqs!, 'count>=7.5'),
    } };
  };

  it("takes k6's verdict (true = failed) and value where k6 judged, and keeps the harness's elsewhere", () => {
    expect(sample().metrics.my_trend!.thresholds).toEqual({ 'my_trend<1000': true });
    const { thresholds, judgedByK6 } = withK6Verdicts(ours, settings, legacy());
    expect(judgedByK6).toBe(3);
    expect(thresholds).toEqual([
      { expression: 'p95<1000', value: 19.5, ok: false },
      { expression: 'error_rate<0.8', value: 0.75, ok: true },
      // 3 arrivals over the 15 s profile
      { expression: 'achieved_rate>=0.5', value: 0.2, ok: false },
      { expression: 'dropped<1', value: 0, ok: true },
    ]);
  });

  it('reads the newer machine-readable shape too (values apart, thresholds as { ok })', () => {
    const newer: K6SummaryExport = { metrics: Object.fromEntries(Object.entries(legacy().metrics!).map(([name, m]) => {
      const { thresholds, value, ...values } = m as Metric;
      return [name, { values: value === undefined ? values : { ...values, rate: value }, thresholds: Object.fromEntries(Object.entries(thresholds!).map(([k, failed]) => [k, { ok: !failed }])) }];
    })) };
    expect(withK6Verdicts(ours, settings, newer).thresholds).toEqual(withK6Verdicts(ours, settings, legacy()).thresholds);
  });

  it('without a summary (k6 wrote none, or the run was split) every threshold stays as the harness judged it', () => {
    expect(withK6Verdicts(ours, settings, null)).toEqual({ thresholds: ours, judgedByK6: 0 });
    expect(withK6Verdicts(ours, settings, { metrics: { exactly_one_errors: { value: 0.1 } } }).judgedByK6).toBe(0);
  });
});
