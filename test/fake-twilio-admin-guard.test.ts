// The admin API answers only the machine's own clients (issue 15, item 5): a page in a browser
// (another Origin), a DNS-rebound name (another Host) or a simple cross-origin POST (a body that
// is not JSON) gets a clear JSON error and changes nothing. Raw node:http requests, because fetch
// will not send a chosen Host header.
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeTwilioAdmin, createFakeTwilioServer, type FakeTwilioServer } from '../fake-twilio/index.ts';
import { createTwilioSdkClient } from './support/twilio-sdk.ts';

let server: FakeTwilioServer;
const admin = () => createFakeTwilioAdmin(server.url);

interface Answer {
  status: number;
  body: { code?: number; message?: string; status?: number; more_info?: string } & Record<string, unknown>;
}

function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const framing = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers: { ...framing, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Answer['body'] }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const own = () => `127.0.0.1:${server.port}`;

beforeAll(async () => {
  server = await createFakeTwilioServer({ latency: 'off', seed: 5 });
});
afterAll(() => server.close());
beforeEach(async () => {
  await admin().reset();
  const sdk = createTwilioSdkClient({ baseUrl: server.url, accountSid: server.accountSid, authToken: server.authToken });
  await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:kept' });
});

async function expectUntouched(): Promise<void> {
  expect((await admin().state()).committed).toBe(1);
}

function expectError(a: Answer, status: number, message: RegExp): void {
  expect(a.status).toBe(status);
  expect(a.body).toEqual({ code: expect.any(Number), message: expect.stringMatching(message), more_info: expect.any(String), status });
}

describe('admin API guard: Origin', () => {
  it('a cross-origin reset is a 403 and resets nothing; the fake\'s own origin may', async () => {
    for (const origin of ['http://evil.example', 'null', `http://localhost:${server.port + 1}`, `https://127.0.0.1:${server.port}`, 'file://']) {
      expectError(await raw('POST', '/__admin/reset', { host: own(), origin }), 403, /Origin .* may not use the admin API/);
    }
    await expectUntouched();
    for (const origin of [`http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`]) {
      expect((await raw('GET', '/__admin/state', { host: own(), origin })).status).toBe(200);
    }
  });

  it('also guards release-paused, faults, events and a route that does not exist yet', async () => {
    const evil = { host: own(), origin: 'http://evil.example', 'content-type': 'application/json' };
    expectError(await raw('POST', '/__admin/release-paused', evil, '{}'), 403, /Origin/);
    expectError(await raw('PUT', '/__admin/faults', evil, '{"rules":[]}'), 403, /Origin/);
    expectError(await raw('GET', '/__admin/events?after=0', evil), 403, /Origin/);
    expectError(await raw('OPTIONS', '/__admin/reset', evil), 403, /Origin/);
    expectError(await raw('POST', '/__admin/added-later', evil), 403, /Origin/);
    expect((await raw('POST', '/__admin/added-later', { host: own() })).status).toBe(404);
  });
});

describe('admin API guard: Host (DNS rebinding)', () => {
  it('a non-loopback Host, or the wrong port, is a 403 naming the names that work', async () => {
    for (const host of [`evil.example:${server.port}`, 'evil.example', `10.0.0.1:${server.port}`, `localhost:${server.port + 1}`, `127.0.0.1.evil.example:${server.port}`, `127.0.0.256:${server.port}`]) {
      expectError(await raw('GET', '/__admin/ledger', { host }), 403, /Host .*(loopback|port)/);
    }
    expectError(await raw('POST', '/__admin/reset', { host: `evil.example:${server.port}` }), 403, /127\.0\.0\.1:\d+/);
    await expectUntouched();
  });

  it('every loopback name with the fake\'s port is accepted', async () => {
    for (const host of [own(), `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`, `127.8.9.10:${server.port}`]) {
      expect((await raw('GET', '/__admin/state', { host })).status, host).toBe(200);
    }
  });

  it('HTTP/1.0 without a Host header is a 403', async () => {
    // node:http always speaks HTTP/1.1 (where Node itself answers a missing Host with a 400): write 1.0 by hand.
    const socket = connect(server.port, '127.0.0.1');
    socket.end('GET /__admin/state HTTP/1.0\r\n\r\n');
    const text = (await socket.toArray()).map(String).join('');
    expect(text).toMatch(/^HTTP\/1\.1 403 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 403, message: expect.stringMatching(/Host header/) });
  });
});

describe('admin API guard: body type', () => {
  it('a non-empty body that is not application/json is a 415, whatever the route', async () => {
    expectError(await raw('POST', '/__admin/reset', { host: own(), 'content-type': 'text/plain' }, '{}'), 415, /application\/json/);
    expectError(await raw('POST', '/__admin/reset', { host: own() }, '{"seed":3}'), 415, /\(none\)/);
    expectError(await raw('POST', '/__admin/release-paused', { host: own(), 'content-type': 'application/x-www-form-urlencoded' }, 'seq=1'), 415, /Content-Type/);
    expectError(await raw('GET', '/__admin/ledger', { host: own(), 'content-type': 'text/plain' }, 'x'), 415, /Content-Type/);
    await expectUntouched();
  });

  it('optional bodies stay optional; JSON that does not parse is a 400', async () => {
    expect((await raw('POST', '/__admin/release-paused', { host: own() })).body).toEqual({ released: [] });
    expectError(await raw('POST', '/__admin/reset', { host: own(), 'content-type': 'application/json' }, '{"seed":'), 400, /not valid JSON/);
    await expectUntouched();
    expect((await raw('POST', '/__admin/reset', { host: own(), 'content-type': 'application/json; charset=utf-8' }, '{"seed":3}')).body).toEqual({ reset: true, seed: 3, latency: expect.stringMatching(/^(off|realistic)$/) });
    expect((await admin().state()).committed).toBe(0);
  });
});
