// Bad input never crashes the fake and always gets a Twilio-style error envelope.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFakeTwilioServer, type FakeTwilioServer } from '../fake-twilio/index.ts';

let server: FakeTwilioServer;
let auth: string;
let account: string;
beforeAll(async () => {
  server = await createFakeTwilioServer({ latency: 'off', seed: 99 });
  auth = `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString('base64')}`;
  account = `/2010-04-01/Accounts/${server.accountSid}`;
});
afterAll(() => server.close());

async function call(method: string, path: string, init: { body?: string; headers?: Record<string, string>; noAuth?: boolean } = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(init.noAuth ? {} : { authorization: auth }), ...(init.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { code: number; message: string; more_info: string; status: number }) : null };
}

function expectTwilioError(r: { status: number; body: unknown }, status: number, code: number, message?: RegExp) {
  expect(r.status).toBe(status);
  expect(r.body).toMatchObject({ status, code, more_info: `https://www.twilio.com/docs/errors/${code}` });
  if (message) expect((r.body as { message: string }).message).toMatch(message);
}

describe('fake Twilio with bad input', () => {
  it('malformed form bodies → 400', async () => {
    expectTwilioError(await call('POST', `${account}/IncomingPhoneNumbers.json`, { body: 'AreaCode=%ZZ8' }), 400, 20001, /percent-escape/);
    expectTwilioError(await call('POST', `${account}/IncomingPhoneNumbers.json`, { body: 'FriendlyName=%FF%FE' }), 400, 20001, /UTF-8/);
    expectTwilioError(await call('POST', `${account}/IncomingPhoneNumbers.json`, { body: '=828' }), 400, 20001, /empty parameter/);
    expectTwilioError(await call('POST', `${account}/IncomingPhoneNumbers.json`, { body: 'AreaCode=828&Bogus=1' }), 400, 20001, /Unknown parameter Bogus/);
    expectTwilioError(await call('POST', `${account}/IncomingPhoneNumbers.json`, { body: `AreaCode=828&FriendlyName=${'x'.repeat(65)}` }), 400, 20001, /FriendlyName/);
    expectTwilioError(await call('POST', `${account}/IncomingPhoneNumbers.json`, { body: 'AreaCode=828&SmsUrl=javascript:alert(1)' }), 400, 20001, /SmsUrl/);
  });

  it('a URL or a header over 16 KB → 431 in the envelope, not a silent drop; the server goes on', async () => {
    expectTwilioError(await call('GET', `${account}/IncomingPhoneNumbers.json?FriendlyName=${'u'.repeat(17 * 1024)}`), 431, 20431, /16384 bytes/);
    expectTwilioError(await call('GET', `${account}/IncomingPhoneNumbers.json`, { headers: { 'x-padding': 'h'.repeat(17 * 1024) } }), 431, 20431, /headers/);
    expect((await call('GET', `${account}/IncomingPhoneNumbers.json`, { headers: { 'x-padding': 'h'.repeat(8 * 1024) } })).status).toBe(200);
  });

  it('bytes that are not HTTP → 400 in the envelope', async () => {
    const socket = connect(server.port, '127.0.0.1');
    socket.end('NOT HTTP AT ALL\r\n\r\n');
    const text = (await socket.toArray()).map(String).join('');
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, code: 20400, more_info: expect.any(String) });
  });

  // Found by test/fake-twilio-fuzz.test.ts: both were Node's own bare answers, without the envelope.
  it('HTTP/1.1 without a Host header: the Twilio routes answer as usual (404 here), in the envelope', async () => {
    const socket = connect(server.port, '127.0.0.1');
    socket.end('GET /nowhere HTTP/1.1\r\nconnection: close\r\n\r\n');
    const text = (await socket.toArray()).map(String).join('');
    expect(text).toMatch(/^HTTP\/1\.1 404 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 404, code: 20404 });
  });

  it('an Expect other than 100-continue → 417 in the envelope', async () => {
    // fetch refuses to send an Expect header: write the request by hand.
    const socket = connect(server.port, '127.0.0.1');
    socket.end(`GET ${account}/IncomingPhoneNumbers.json HTTP/1.1\r\nhost: 127.0.0.1\r\nexpect: websocket\r\nconnection: close\r\n\r\n`);
    const text = (await socket.toArray()).map(String).join('');
    expect(text).toMatch(/^HTTP\/1\.1 417 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 417, code: 20417, message: expect.stringMatching(/Expect/) });
  });

  it('a repeated parameter → 400 naming it (Twilio documents no rule for a repeated single-valued parameter)', async () => {
    expectTwilioError(await call('POST', `${account}/IncomingPhoneNumbers.json`, { body: 'AreaCode=212&AreaCode=828' }), 400, 20001, /"AreaCode" is given more than once/);
    expectTwilioError(await call('GET', `${account}/IncomingPhoneNumbers.json?PageSize=2&PageSize=50`), 400, 20001, /"PageSize" is given more than once/);
  });

  it('a body over the size limit → 413', async () => {
    expectTwilioError(await call('POST', `${account}/IncomingPhoneNumbers.json`, { body: `FriendlyName=${'a'.repeat(70_000)}` }), 413, 20413);
  });

  it('wrong content type → 415', async () => {
    expectTwilioError(await call('POST', `${account}/IncomingPhoneNumbers.json`, { body: '{"AreaCode":"828"}', headers: { 'content-type': 'application/json' } }), 415, 20415);
  });

  it('bad sid formats, unknown account, unknown paths and methods → 404/405', async () => {
    for (const sid of ['PNxyz', `PN${'g'.repeat(32)}`, '..%2F..%2Fetc', `AC${'0'.repeat(32)}`, '%00']) {
      expectTwilioError(await call('GET', `${account}/IncomingPhoneNumbers/${sid}.json`), 404, 20404);
    }
    expectTwilioError(await call('GET', `/2010-04-01/Accounts/AC${'1'.repeat(32)}/IncomingPhoneNumbers.json`), 404, 20404);
    expectTwilioError(await call('GET', '/2010-04-01/Accounts/%E0%A4/IncomingPhoneNumbers.json'), 404, 20404);
    expectTwilioError(await call('GET', `${account}/IncomingPhoneNumbers/%E0%A4.json`), 404, 20404);
    expectTwilioError(await call('GET', `${account}/Calls.json`), 404, 20404);
    expectTwilioError(await call('GET', '/'), 404, 20404);
    expectTwilioError(await call('GET', '/__admin/nope'), 404, 20404);
    expectTwilioError(await call('PUT', `${account}/IncomingPhoneNumbers.json`), 405, 20004);
    expectTwilioError(await call('GET', `${account}/AvailablePhoneNumbers/ZZ/Local.json`), 404, 20404);
    expectTwilioError(await call('GET', `${account}/IncomingPhoneNumbers.json?PageSize=0`), 400, 20001, /PageSize/);
    expectTwilioError(await call('GET', `${account}/IncomingPhoneNumbers.json?PageToken=nope`), 400, 20001, /PageToken/);
  });

  it('missing or wrong credentials → 401/20003', async () => {
    expectTwilioError(await call('GET', `${account}/IncomingPhoneNumbers.json`, { noAuth: true }), 401, 20003);
    expectTwilioError(await call('GET', `${account}/IncomingPhoneNumbers.json`, { headers: { authorization: 'Basic !!!' } }), 401, 20003);
    expectTwilioError(await call('GET', `${account}/IncomingPhoneNumbers.json`, { headers: { authorization: `Basic ${Buffer.from(`${server.accountSid}:nope`).toString('base64')}` } }), 401, 20003);
    expectTwilioError(await call('GET', `${account}/IncomingPhoneNumbers.json`, { headers: { authorization: 'Bearer abc' } }), 401, 20003);
  });

  it('invalid fault plans → 400 naming the bad field', async () => {
    const put = (plan: string) => call('PUT', '/__admin/faults', { headers: { 'content-type': 'application/json' }, body: plan });
    expectTwilioError(await put(JSON.stringify({ rules: [{ operation: 'purchase', kind: 'error', status: 418 }] })), 400, 20001, /rules\.0\.status/);
    expectTwilioError(await put(JSON.stringify({ rules: [{ operation: 'purchase', kind: 'explode' }] })), 400, 20001, /rules\.0\.kind/);
    expectTwilioError(await put(JSON.stringify({ rules: [{ operation: 'buy', kind: 'latency', latencyMs: 5 }] })), 400, 20001, /rules\.0\.operation/);
    expectTwilioError(await put(JSON.stringify({ rules: [{ operation: 'purchase', kind: 'error' }] })), 400, 20001, /rules\.0\.status/);
    expectTwilioError(await put(JSON.stringify({ rules: [{}, { operation: 'purchase', kind: 'latency' }] })), 400, 20001, /rules\.0\.operation/);
    expectTwilioError(await put(JSON.stringify({ rules: [{ operation: 'purchase', kind: 'latency', latencyMs: 5, times: -1 }] })), 400, 20001, /rules\.0\.times/);
    expectTwilioError(await put(JSON.stringify({ rules: [{ operation: 'purchase', kind: 'commit-then-drop', probability: 2 }] })), 400, 20001, /rules\.0\.probability/);
    expectTwilioError(await put(JSON.stringify({ rules: 'all of them' })), 400, 20001, /rules/);
    expectTwilioError(await put('{not json'), 400, 20001, /JSON/);
    expectTwilioError(await call('GET', '/__admin/events?after=-1'), 400, 20001, /after/);
    expectTwilioError(await call('POST', '/__admin/release-paused', { headers: { 'content-type': 'application/json' }, body: '{"seq":"one"}' }), 400, 20001, /seq/);
    // A rejected plan leaves the plan in force unchanged.
    expect((await call('GET', '/__admin/faults')).body).toMatchObject({ rules: [] });
  });

  it('garbage on the socket does not bring the server down', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.end('\x00\x01 NOT HTTP AT ALL\r\n\r\n'));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      socket.resume();
    });
    expect((await call('POST', `${account}/IncomingPhoneNumbers.json`, { body: 'AreaCode=828' })).status).toBe(201);
  });

  it('random bodies, paths and headers always get a Twilio-style 4xx, never a 5xx or a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'),
        fc.oneof(
          fc.constantFrom('/IncomingPhoneNumbers.json', '/IncomingPhoneNumbers/PN0.json', '/AvailablePhoneNumbers/US/Local.json', ''),
          // Raw segments with stray `%` escapes and query strings, as a broken client might send them.
          fc.stringMatching(/^[A-Za-z0-9%._=&?-]{0,40}$/).map((s) => `/IncomingPhoneNumbers/${s}.json`),
          fc.stringMatching(/^[A-Za-z0-9%._=&-]{0,40}$/).map((s) => `/IncomingPhoneNumbers.json?${s}`),
        ),
        fc.string({ maxLength: 200 }),
        fc.constantFrom('application/x-www-form-urlencoded', 'text/plain', 'application/json'),
        async (method, path, body, contentType) => {
          const r = await call(method, `${account}${path}`, { ...(method === 'GET' ? {} : { body }), headers: { 'content-type': contentType } });
          expect(r.status).toBeLessThan(500);
          if (r.status >= 400) expect(r.body).toMatchObject({ code: expect.any(Number), message: expect.any(String), status: r.status });
        },
      ),
      { numRuns: 150, seed: 828 },
    );
    expect((await call('GET', `${account}/IncomingPhoneNumbers.json`)).status).toBe(200);
  });
});
