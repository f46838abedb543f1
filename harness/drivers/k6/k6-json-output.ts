import type { ClientBehaviour, Operation } from '../../../model/index.ts';
import { classifyOutcome } from '../../history/index.ts';

// k6's JSON output (`--out json=<file>`, one object a line) turned into history operations.
// k6 writes, per HTTP request, samples of http_req_duration, _blocked, _connecting,
// _tls_handshaking… all stamped with the request's *end* time and the same tags; our scripts
// add `op`, `business`, `key`, `client`, `burst` tags and one `exactly_one_responses` sample per
// response carrying the compact body (k6's HTTP samples never carry the body). Requests are
// joined on `op`, or, for output from other scripts, on end time + tags.

export const RESPONSES_METRIC = 'exactly_one_responses';
const TIMING_METRICS = ['http_req_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking'] as const;
/** k6 error codes that prove nothing was sent (lib/netext/httpext/error_codes.go): bad URL, DNS, connection refused. */
const NOT_SENT_CODES = /^(1020|11\d\d|1212)$/;
const CLIENTS: ReadonlySet<string> = new Set<ClientBehaviour>(['no-key', 'shared-key', 'page', 'browser', 'load']);

export interface K6Point {
  metric: string;
  /** Epoch nanoseconds of `data.time`. */
  timeNs: bigint;
  value: number;
  tags: Record<string, string>;
}

/** A wall-clock and a monotonic reading taken together, to put k6's wall times on hrtime. */
export interface K6Clock {
  wallNs: bigint;
  hrNs: bigint;
}

export interface K6ParseOptions {
  scenario?: string;
  clock?: K6Clock;
  /** Client for requests without a `client` tag (output of other scripts). */
  defaultClient?: ClientBehaviour;
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

export function parseRfc3339Ns(text: string): bigint {
  const match = RFC3339.exec(text);
  if (!match) throw new Error(`not an RFC 3339 time: ${text}`);
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(ms)) throw new Error(`not an RFC 3339 time: ${text}`);
  return BigInt(ms) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0') || '0');
}

/** The Point lines of k6's JSON output; Metric lines and blank lines are skipped, a broken line throws with its number. */
export function readK6Points(lines: Iterable<string>): K6Point[] {
  const points: K6Point[] = [];
  let n = 0;
  for (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let parsed: { type?: string; metric?: string; data?: { time?: string; value?: number; tags?: Record<string, string> | null; metadata?: Record<string, string> | null } };
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`k6 JSON output line ${n} is not JSON: ${line.slice(0, 120)}`);
    }
    if (parsed.type !== 'Point') continue;
    const data = parsed.data;
    if (!parsed.metric || !data?.time || typeof data.value !== 'number') throw new Error(`k6 JSON output line ${n} is a Point without metric, time or value`);
    // Current k6 moves high-cardinality values (vu, iter, exec.vu.metrics.metadata) out of the tags.
    points.push({ metric: parsed.metric, timeNs: parseRfc3339Ns(data.time), value: data.value, tags: { ...data.metadata, ...data.tags } });
  }
  return points;
}

const msToNs = (ms: number) => BigInt(Math.round(ms * 1e6));
const keyOf = (p: K6Point) => p.tags.op ?? `${p.timeNs}|${JSON.stringify(Object.entries(p.tags).sort())}`;

function compactBody(tags: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (tags.success) body.success = tags.success === 'true';
  if (tags.phone) body.phoneNumber = tags.phone;
  if (tags.already) body.alreadyComplete = tags.already === 'true';
  if (tags.code) body.code = tags.code;
  if (tags.retry_after_ms) body.retryAfterMs = Number(tags.retry_after_ms);
  if (tags.message) body.message = tags.message;
  return body;
}

export function parseK6JsonOutput(lines: Iterable<string>, options: K6ParseOptions = {}): Omit<Operation, 'id'>[] {
  const toHr = (wallNs: bigint) => (options.clock ? options.clock.hrNs + (wallNs - options.clock.wallNs) : wallNs);
  const timings = new Map<string, Partial<Record<(typeof TIMING_METRICS)[number], K6Point>>>();
  const answers = new Map<string, K6Point>();
  for (const point of readK6Points(lines)) {
    if (point.metric === RESPONSES_METRIC) answers.set(keyOf(point), point);
    else if ((TIMING_METRICS as readonly string[]).includes(point.metric)) {
      const key = keyOf(point);
      const group = timings.get(key) ?? {};
      group[point.metric as (typeof TIMING_METRICS)[number]] = point;
      timings.set(key, group);
    }
  }

  const operations: Omit<Operation, 'id'>[] = [];
  const build = (end: K6Point, spentMs: number, answer: K6Point | undefined) => {
    const tags = { ...end.tags, ...answer?.tags };
    const status = Number(tags.status ?? '0');
    const url = tags.url ? new URL(tags.url, 'http://k6.invalid') : null;
    const path = url?.pathname ?? `/api/businesses/${tags.business ?? ''}/complete-onboarding`;
    const businessId = tags.business || /^\/api\/businesses\/([^/]+)\//.exec(path)?.[1] || '';
    const error = status > 0 ? null : tags.error || (tags.error_code ? `k6 error ${tags.error_code}` : 'no response');
    const completeNs = toHr(end.timeNs);
    operations.push({
      scenario: options.scenario ?? tags.scenario ?? '',
      businessId: decodeURIComponent(businessId),
      instance: Number(tags.instance ?? '0') || 0,
      client: CLIENTS.has(tags.client ?? '') ? (tags.client as ClientBehaviour) : (options.defaultClient ?? 'no-key'),
      method: tags.method === 'GET' ? 'GET' : 'POST',
      path,
      key: tags.key || null,
      burst: tags.burst ? Number(tags.burst) : null,
      invokeNs: String(completeNs - msToNs(spentMs)),
      completeNs: String(completeNs),
      arrivalNs: tags.arrival_ns || null,
      outcome: status > 0 ? classifyOutcome({ status }) : classifyOutcome({ error: error!, sent: !NOT_SENT_CODES.test(tags.error_code ?? '') }),
      status: status > 0 ? status : null,
      body: answer ? compactBody(answer.tags) : null,
      error,
      // sustained-load marks the retry client's deliberate timeout, as the load driver does.
      fault: tags.fault || null,
    });
  };

  for (const [key, group] of timings) {
    const end = group.http_req_duration;
    if (!end) continue;
    // http_req_duration leaves out waiting for a connection and connecting: add them back so
    // invoke is when the script asked for the request, as the undici engine records it.
    const spent = end.value + (group.http_req_blocked?.value ?? 0) + (group.http_req_connecting?.value ?? 0) + (group.http_req_tls_handshaking?.value ?? 0);
    build(end, spent, answers.get(key));
    answers.delete(key);
  }
  // Responses without HTTP samples: requests a page sent in k6's browser module.
  for (const answer of answers.values()) build(answer, Number(answer.tags.duration_ms ?? '0'), answer);

  return operations.sort((a, b) => (BigInt(a.invokeNs) < BigInt(b.invokeNs) ? -1 : BigInt(a.invokeNs) > BigInt(b.invokeNs) ? 1 : 0));
}
