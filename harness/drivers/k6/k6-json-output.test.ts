// The adapter on k6's own output: the samples in test/fixtures/k6/ are copied verbatim from k6's
// documentation and repository (see SOURCES.md there). Lines carrying our scripts' tags are made
// from those real lines by adding tags, never written from scratch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseK6JsonOutput, parseRfc3339Ns, readK6Points, RESPONSES_METRIC } from './k6-json-output.ts';

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
/** The repository's counter Point (my_metric2) as our per-response sample. */
function ourResponse(time: string, tags: Record<string, string>): string {
  const line = JSON.parse(REPO[4]!) as { metric: string; data: { time: string; value: number; tags: Record<string, string> } };
  line.metric = RESPONSES_METRIC;
  line.data.time = time;
  line.data.tags = tags;
  return JSON.stringify(line);
}

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
