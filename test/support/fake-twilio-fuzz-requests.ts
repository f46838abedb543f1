// Random requests for the fake Twilio's whole surface: methods (standard, odd and made up),
// targets on every route with raw and broken percent-escapes and query strings, Host, Origin,
// Authorization, Content-Type and other headers (some oversized), and bodies that are forms,
// JSON, text or too large. Valid pieces are likely enough that the fuzzer also gets past
// authentication and parsing into the operations.
import fc from 'fast-check';
import type { RawRequest } from './fake-twilio-raw-http.ts';

export interface FuzzTarget {
  port: number;
  accountSid: string;
  /** A valid `Authorization` header value. */
  auth: string;
}

const methods = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT') },
  { weight: 3, arbitrary: fc.constantFrom('HEAD', 'OPTIONS', 'PATCH', 'TRACE', 'PROPFIND', 'M-SEARCH') },
  { weight: 1, arbitrary: fc.oneof(fc.constant('get'), fc.stringMatching(/^[A-Za-z]{1,12}$/)) },
);

/** Segments as a broken client writes them: escapes cut short, not hex, not UTF-8, NUL, slashes, dots, raw bytes. */
const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{0,10}$/),
  fc.constantFrom('%', '%Z', '%ZZ', '%4', '%00', '%2F', '%2f', '%C3%28', '%E0%A4', '%FF%FE', '%25', '%20', '..', '.', '', 'é', '%E2%82%AC', '*', ':', '@', ';x=1'),
);
const segments = fc.array(segment, { maxLength: 4 }).map((s) => s.join(''));

function paths(t: FuzzTarget): fc.Arbitrary<string> {
  const account = `/2010-04-01/Accounts/${t.accountSid}`;
  return fc.oneof(
    fc.constantFrom(
      `${account}/IncomingPhoneNumbers.json`,
      `${account}/AvailablePhoneNumbers/US/Local.json`,
      `${account}/IncomingPhoneNumbers/PN${'0'.repeat(32)}.json`,
      '/__admin/ledger', '/__admin/state', '/__admin/numbers', '/__admin/reset', '/__admin/faults',
      '/__admin/events', '/__admin/release-paused', '/__admin', '/__admin/', '/', '*', '/2010-04-01/Accounts',
    ),
    segments.map((s) => `${account}/IncomingPhoneNumbers/${s}.json`),
    segments.map((s) => `${account}/AvailablePhoneNumbers/${s}/Local.json`),
    segments.map((s) => `/2010-04-01/Accounts/${s}/IncomingPhoneNumbers.json`),
    segments.map((s) => `/__admin/${s}`),
    fc.array(segments, { maxLength: 5 }).map((s) => `/${s.join('/')}`),
  );
}

const paramNames = fc.constantFrom('PageSize', 'Page', 'PageToken', 'FriendlyName', 'PhoneNumber', 'AreaCode', 'Contains', 'after', 'limit', 'releasesAfter', 'seq', 'x', '');
const paramValues = fc.oneof(fc.constantFrom('0', '1', '7', '-1', '1000', '1001', '828', 'PA1', 'PA', 'PA99999999999999999', '9007199254740993', 'business:1', '+18285550100'), segments);
const pairs = fc.array(fc.tuple(paramNames, paramValues), { maxLength: 4 }).map((ps) => ps.map(([k, v]) => `${k}=${v}`).join('&'));
// Long polls are left out: a `wait` would make a run wait up to 30 s by design, not by defect.
const query = fc.oneof(fc.constant(''), pairs.map((q) => `?${q}`), segments.map((s) => `?${s}`)).filter((q) => !/wait=/i.test(q));

function headers(t: FuzzTarget): fc.Arbitrary<[string, string][]> {
  const own = `127.0.0.1:${t.port}`;
  const host = fc.constantFrom<[string, string][]>([['host', own]], [['host', own]], [['host', `localhost:${t.port}`]], [['host', 'evil.example']], [['host', '']], []);
  const auth = fc.constantFrom<[string, string][]>([['authorization', t.auth]], [['authorization', t.auth]], [], [['authorization', 'Basic !!!']], [['authorization', 'Basic ']], [['authorization', `Bearer ${t.auth}`]], [['authorization', `Basic ${Buffer.from(`${t.accountSid}`).toString('base64')}`]]);
  const type = fc.constantFrom<[string, string][]>(
    [['content-type', 'application/x-www-form-urlencoded']], [['content-type', 'application/x-www-form-urlencoded; charset=utf-8']],
    [['content-type', 'application/json']], [['content-type', 'APPLICATION/JSON']], [['content-type', 'text/plain']],
    [['content-type', 'multipart/form-data; boundary=x']], [['content-type', '']], [['content-type', ';;;']], [],
  );
  const origin = fc.constantFrom<[string, string][]>([], [], [['origin', `http://${own}`]], [['origin', 'http://evil.example']], [['origin', 'null']], [['origin', '%%']]);
  const extraName = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), fc.constantFrom('expect', 'upgrade', 'te', 'x-request-id', 'i-twilio-idempotency-token', 'transfer-encoding', 'accept', 'x-http-method-override'));
  const extraValue = fc.oneof(
    fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
    fc.constantFrom('100-continue', 'websocket', 'chunked', 'trailers', 'DELETE'),
    fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'h'.repeat(n)),
  );
  const extras = fc.array(fc.tuple(extraName, extraValue), { maxLength: 3 });
  return fc.tuple(host, auth, type, origin, extras).map((parts) => parts.flat() as [string, string][]);
}

const formBody = fc.array(fc.tuple(fc.constantFrom('AreaCode', 'PhoneNumber', 'FriendlyName', 'SmsUrl', 'VoiceUrl', 'Bogus', 'AccountSid', ''), fc.oneof(paramValues, fc.constantFrom('https://a.example/x', 'javascript:x'))), { maxLength: 4 }).map((ps) => ps.map(([k, v]) => `${k}=${v}`).join('&'));
const jsonBody = fc.oneof(fc.json({ maxDepth: 3 }), fc.constantFrom('{"seed":1}', '{"seq":1}', '{"rules":[]}', '{"rules":[{"operation":"purchase","kind":"latency","latencyMs":{"medianMs":0,"p99Ms":5}}]}', '{', 'null', '[]', '"x"'));
const body = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: formBody },
  { weight: 2, arbitrary: jsonBody },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
  { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 70_000 }).map((n) => `FriendlyName=${'a'.repeat(n)}`) },
);

/** Anything at all: mostly refused at the HTTP, auth or routing level. */
function chaos(t: FuzzTarget): fc.Arbitrary<RawRequest> {
  return fc.record({ method: methods, path: paths(t), query, headers: headers(t), body }).map(({ method, path, query: q, headers: h, body: b }) => ({
    method,
    target: `${path}${q}`,
    headers: h,
    body: Buffer.from(b, 'utf8'),
  }));
}

/** A real route with its method, credentials and a fitting body type, its parameters fuzzed: gets into the operations. */
function nearlyValid(t: FuzzTarget): fc.Arbitrary<RawRequest> {
  const account = `/2010-04-01/Accounts/${t.accountSid}`;
  const sid = fc.oneof(fc.constant(`PN${'0'.repeat(32)}`), fc.stringMatching(/^PN[0-9a-f]{32}$/), segments);
  const route = fc.oneof(
    { weight: 4, arbitrary: fc.constant<[string, string, 'form' | 'json' | 'none']>(['POST', `${account}/IncomingPhoneNumbers.json`, 'form']) },
    { weight: 2, arbitrary: fc.constant<[string, string, 'form' | 'json' | 'none']>(['GET', `${account}/IncomingPhoneNumbers.json`, 'none']) },
    { weight: 2, arbitrary: fc.constant<[string, string, 'form' | 'json' | 'none']>(['GET', `${account}/AvailablePhoneNumbers/US/Local.json`, 'none']) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('GET', 'POST', 'DELETE'), sid).map(([m, s]): [string, string, 'form' | 'json' | 'none'] => [m, `${account}/IncomingPhoneNumbers/${s}.json`, m === 'POST' ? 'form' : 'none']) },
    { weight: 2, arbitrary: fc.constantFrom<[string, string, 'form' | 'json' | 'none']>(['GET', '/__admin/ledger', 'none'], ['GET', '/__admin/state', 'none'], ['GET', '/__admin/numbers', 'none'], ['GET', '/__admin/faults', 'none'], ['GET', '/__admin/events', 'none'], ['POST', '/__admin/release-paused', 'json'], ['PUT', '/__admin/faults', 'json'], ['DELETE', '/__admin/faults', 'none']) },
  );
  const areaForm = fc.tuple(fc.constantFrom('828', '704', '212', '999', '28', '8a8'), fc.option(fc.stringMatching(/^business:[0-9]{1,2}$/), { nil: undefined })).map(([a, n]) => `AreaCode=${a}${n ? `&FriendlyName=${n}` : ''}`);
  return fc.record({ route, query, form: fc.oneof(areaForm, formBody), json: jsonBody, origin: fc.constantFrom<[string, string][]>([], [], [], [['origin', 'http://evil.example']]) }).map(({ route: [method, path, kind], query: q, form, json, origin }) => ({
    method,
    target: `${path}${method === 'GET' || method === 'DELETE' ? q : ''}`,
    headers: [
      ['host', `127.0.0.1:${t.port}`],
      ['authorization', t.auth],
      ...(kind === 'form' ? [['content-type', 'application/x-www-form-urlencoded']] : kind === 'json' ? [['content-type', 'application/json']] : []),
      ...origin,
    ] as [string, string][],
    body: Buffer.from(kind === 'form' ? form : kind === 'json' ? json : '', 'utf8'),
  }));
}

export function fakeTwilioRequest(t: FuzzTarget): fc.Arbitrary<RawRequest> {
  return fc.oneof({ weight: 1, arbitrary: chaos(t) }, { weight: 1, arbitrary: nearlyValid(t) });
}
