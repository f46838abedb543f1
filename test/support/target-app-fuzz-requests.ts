// fast-check arbitraries for the target app's whole request surface, as raw HTTP/1.1 bytes:
// methods (odd ones too), paths with raw and broken percent-escapes, Authorization and
// Idempotency-Key variants, content types and encodings, bodies of every shape and size, and
// framing that lies (duplicate lengths, broken chunks). Never a framing the server must wait
// on (a Content-Length longer than the body): that is a slow client, not a bad request.
import fc from 'fast-check';

export interface FuzzTargets {
  /** Ids the app knows (seeded businesses). */
  businessIds: string[];
  /** Valid owner tokens (of those businesses). */
  tokens: string[];
}

export interface FuzzRequest {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: { text: string; framing: 'length' | 'none' | 'chunked' | 'broken-chunked' | 'duplicate-length' } | null;
}

const ALG_NONE = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"0b6f1c7e-8a4d-4e0b-9f3a-2c1d5e6f7a8b","exp":9999999999}').toString('base64url')}.`;

const rawSegment = fc.string({ unit: fc.constantFrom(...'abcZ09-_.~%%%/?#;=&+é\u0000 '.split('')), maxLength: 24 });

function pathArbitrary(t: FuzzTargets) {
  const id = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...t.businessIds) },
    fc.constantFrom( t.businessIds[0]!.toUpperCase(), t.businessIds[0]!.replace(/-/g, '%2D'), '12345678-1234-1234-1234-123456789012'),
    fc.constantFrom('42', '%ZZ', '%', '%2', '%C0%AF', '%00', '%E2%82', 'é', '..', '%2e%2e%2f', '', "1'%20OR%20'1'='1", '%25ZZ', 'x'.repeat(3000)),
    rawSegment,
  );
  const suffix = fc.constantFrom('/complete-onboarding', '', '/', '/complete-onboarding/', '/COMPLETE-ONBOARDING', '/other', '//complete-onboarding');
  const business = fc.tuple(fc.constantFrom('/api/businesses/', '/API/Businesses/', '/api//businesses/'), id, suffix).map((p) => p.join(''));
  const other = fc.constantFrom('/healthz', '/__fixtures/businesses', '/onboarding.html', '/', '/api', '/api/businesses', '/%ZZ', '/%',
    '/onboarding.html%00', '/..%2f..%2fetc%2fpasswd', '/public/../../etc/passwd', '*', 'http://evil.example/healthz', '/__fixtures/%ZZ');
  const query = fc.option(fc.constantFrom('?a=%ZZ', '?__proto__[x]=1', '?variant=buggy&business=%', '?a[b][c]=d', '?&&==', '?x=' + 'y'.repeat(2000)), { nil: '' });
  return fc.tuple(fc.oneof({ weight: 3, arbitrary: business }, other, rawSegment.map((s) => `/${s}`)), query).map(([p, q]) => p + q);
}

function headerArbitraries(t: FuzzTargets) {
  const token = fc.constantFrom(...t.tokens);
  const authorization = fc.oneof(
    { weight: 4, arbitrary: token.map((x) => `Bearer ${x}`) },
    token.map((x) => `bearer   ${x}`),
    token.map((x) => `Bearer ${x}x`),
    token.map((x) => `Bearer ${x.split('.').slice(0, 2).join('.')}.`),
    token.map((x) => `Bearer ${x} ${x}`),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic QUMxOnQ=', 'Bearer not.a.jwt', `Bearer ${ALG_NONE}`, `Bearer ${'a'.repeat(8000)}`, 'Bearer \u00e9t\u00e9'),
  );
  const idempotencyKey = fc.oneof(
    fc.constantFrom('k1', '', ' ', 'x'.repeat(255), 'x'.repeat(256), 'cl\u00e9', 'a\tb', '\u007f'),
    fc.string({ maxLength: 40 }),
  );
  const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
    'application/json; charset=utf-16', 'application/json; charset=klingon', 'application/json; charset=latin1', '', '*/*', 'application/merge-patch+json');
  const extra = fc.constantFrom<[string, string]>(
    ['content-encoding', 'gzip'], ['content-encoding', 'br'], ['content-encoding', 'klingon'], ['content-encoding', 'identity'],
    ['expect', '100-continue'], ['accept', 'text/html'], ['if-none-match', '*'], ['range', 'bytes=5-1'], ['x-forwarded-for', '::1'],
    ['cookie', 'a=%ZZ'], ['x-\u00e9', 'v'], ['bad header', 'v'], ['x-nul', 'a\u0000b'], ['x-big', 'h'.repeat(9000)], ['transfer-encoding', 'gzip'],
    ['connection', 'upgrade'], ['upgrade', 'websocket'], ['upgrade', 'h2c'], ['content-length', '-1'], ['content-length', 'abc'],
  );
  return { authorization, idempotencyKey, contentType, extra };
}

const bodyText = fc.oneof(
  fc.constantFrom('{"areaCode":"828"}', '{"areaCode":"415"}', '{"areaCode":"012"}', '{"areaCode":828}', '{"areaCode":null}', '{}', '[]', 'null',
    '"x"', '1', '{', '{"areaCode":', '{"__proto__":{"areaCode":"828"}}', '{"constructor":{"prototype":{"x":1}}}', '\u00ef\u00bb\u00bf{}',
    '{"count":1e400,"areaCode":"828"}', '{"count":2,"areaCode":"828","sharedOwner":"yes"}', '{"count":1,"areaCode":"828","sharedOwner":true}',
    '{"count":-1,"areaCode":"828"}', '{"count":1.5,"areaCode":"828"}', '{"count":1,"areaCode":"828","names":[""]}', 'a=1&b=%ZZ'),
  fc.record({ count: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.constantFrom(1001, '2')), areaCode: fc.constantFrom('828', '533', '1', 828), sharedOwner: fc.oneof(fc.boolean(), fc.constant('true')) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.json({ maxDepth: 3 }),
  fc.integer({ min: 1, max: 200_000 }).map((n) => JSON.stringify({ areaCode: '828', pad: 'x'.repeat(n) })),
  fc.integer({ min: 1, max: 5_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

export function fuzzRequestArbitrary(t: FuzzTargets): fc.Arbitrary<FuzzRequest> {
  const h = headerArbitraries(t);
  const method = fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'get', 'PROPFIND', 'BREW', 'TRACE', 'CONNECT');
  const framing = fc.constantFrom('length', 'length', 'length', 'none', 'chunked', 'broken-chunked', 'duplicate-length') as fc.Arbitrary<NonNullable<FuzzRequest['body']>['framing']>;
  return fc.record({
    method,
    target: pathArbitrary(t),
    authorization: fc.option(h.authorization, { nil: undefined, freq: 4 }),
    idempotencyKey: fc.option(h.idempotencyKey, { nil: undefined, freq: 3 }),
    contentType: fc.option(h.contentType, { nil: undefined, freq: 4 }),
    extras: fc.array(h.extra, { maxLength: 3 }),
    body: fc.option(fc.record({ text: bodyText, framing }), { nil: null, freq: 4 }),
  }).map(({ method: m, target, authorization, idempotencyKey, contentType, extras, body }) => {
    const headers: Array<[string, string]> = [];
    if (authorization !== undefined) headers.push(['authorization', authorization]);
    if (idempotencyKey !== undefined) headers.push(['idempotency-key', idempotencyKey]);
    if (contentType !== undefined) headers.push(['content-type', contentType]);
    headers.push(...extras);
    return { method: m, target, headers, body };
  });
}

/** The request as it goes on the wire (latin1: one byte per character, so broken UTF-8 stays broken). */
export function renderFuzzRequest(request: FuzzRequest, host: string): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `host: ${host}`, 'connection: close'];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const body = request.body ? Buffer.from(request.body.text, 'utf8') : Buffer.alloc(0);
  let payload = body;
  switch (request.body?.framing) {
    case 'length': lines.push(`content-length: ${body.length}`); break;
    case 'duplicate-length': lines.push(`content-length: ${body.length}`, `content-length: ${body.length + 1}`); break;
    case 'chunked':
      lines.push('transfer-encoding: chunked');
      payload = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
      if (body.length === 0) payload = Buffer.from('0\r\n\r\n');
      break;
    case 'broken-chunked':
      lines.push('transfer-encoding: chunked');
      payload = Buffer.concat([Buffer.from('zz\r\n'), body, Buffer.from('\r\n0\r\n\r\n')]);
      break;
    default: payload = Buffer.alloc(0); // 'none' or no body: nothing follows the head
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}
