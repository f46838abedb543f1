// Exploration hold mode of the served fake (issue 11): with the official twilio SDK as the client,
// each call waits on arrival until released, each committed purchase waits before its response
// until delivered or dropped, and the admin routes follow the admin API's rules.
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeTwilioAdmin, createFakeTwilioServer, FakeTwilioAdminError, type FakeTwilioServer, type HeldTwilioCall } from '../fake-twilio/index.ts';
import { createTwilioSdkClient } from './support/twilio-sdk.ts';

let server: FakeTwilioServer;
const admin = () => createFakeTwilioAdmin(server.url);
const sdk = (timeoutMs?: number) =>
  createTwilioSdkClient({ baseUrl: server.url, accountSid: server.accountSid, authToken: server.authToken, ...(timeoutMs ? { timeoutMs } : {}) });

beforeAll(async () => {
  server = await createFakeTwilioServer({ latency: 'off', seed: 11 });
});
afterAll(() => server.close());
beforeEach(async () => {
  await admin().reset();
});

const heldCall = (name: string) => (h: HeldTwilioCall) => h.phase === 'call' && h.friendlyName === name;
const heldResponse = (name: string) => (h: HeldTwilioCall) => h.phase === 'response' && h.friendlyName === name;

async function status(method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers: { ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function adminError(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(FakeTwilioAdminError);
  const e = err as FakeTwilioAdminError;
  return { status: e.status, message: (e.body as { message: string }).message };
}

describe('fake-twilio exploration holds', () => {
  it('is off by default: a purchase is answered at once', async () => {
    expect(await admin().holds()).toEqual({ enabled: false, held: [] });
    const n = await sdk().incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:off' });
    expect(n.phoneNumber).toMatch(/^\+1828/);
  });

  it('holds a purchase before its commit, then its response after the commit until delivered', async () => {
    await admin().setHolds(true);
    let settled = false;
    const bought = sdk().incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:1' }).finally(() => (settled = true));
    const call = await admin().waitForHold(heldCall('business:1'), 10_000);
    expect(call).toMatchObject({ operation: 'purchase', method: 'POST', state: 'held', purchaseSeq: 1 });
    expect((await admin().state()).committed).toBe(0);

    expect(await admin().releaseHolds(call.id)).toEqual({ released: [call.id] });
    const response = await admin().waitForHold(heldResponse('business:1'), 10_000);
    expect(response).toMatchObject({ operation: 'purchase', purchaseSeq: 1 });
    expect((await admin().state()).committed).toBe(1);
    expect(settled).toBe(false);

    await admin().releaseHolds(response.id);
    const n = await bought;
    const [entry] = (await admin().ledger()).purchases;
    expect(entry).toMatchObject({ committed: true, response: 'sent', phoneNumber: n.phoneNumber, fault: null });
    const types = (await admin().holdEvents(0, 0)).events.map((e) => `${e.type}:${e.hold.phase}`);
    expect(types).toEqual(['held:call', 'released:call', 'held:response', 'released:response']);
  });

  it('a dropped response leaves the number bought and the client with a broken connection', async () => {
    await admin().setHolds(true);
    const bought = sdk().incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:2' }).then(() => 'answered', (e: Error) => e.message);
    await admin().releaseHolds((await admin().waitForHold(heldCall('business:2'), 10_000)).id);
    const response = await admin().waitForHold(heldResponse('business:2'), 10_000);
    expect(await admin().dropHolds(response.id)).toEqual({ dropped: [response.id] });
    expect(await bought).toMatch(/socket hang up|ECONNRESET/);
    const [entry] = (await admin().ledger()).purchases;
    expect(entry).toMatchObject({ committed: true, response: 'dropped', fault: 'explore-drop' });
  });

  it('the release order is the commit order', async () => {
    await admin().setHolds(true);
    const a = sdk().incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:a' });
    const b = sdk().incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:b' });
    const [ha, hb] = [await admin().waitForHold(heldCall('business:a'), 10_000), await admin().waitForHold(heldCall('business:b'), 10_000)];
    await admin().releaseHolds(hb.id);
    await admin().waitForHold(heldResponse('business:b'), 10_000);
    await admin().releaseHolds(ha.id);
    await admin().waitForHold(heldResponse('business:a'), 10_000);
    await admin().setHolds(false); // delivers everything still held
    await Promise.all([a, b]);
    const committed = (await admin().ledger()).purchases.sort((x, y) => Number(BigInt(x.committedAtNs!) - BigInt(y.committedAtNs!)));
    expect(committed.map((p) => p.friendlyName)).toEqual(['business:b', 'business:a']);
  });

  it('every operation is held on arrival; only purchases are held again before the response', async () => {
    await admin().setHolds(true);
    const listed = sdk().incomingPhoneNumbers.list({ friendlyName: 'business:none' });
    const call = await admin().waitForHold((h) => h.operation === 'list', 10_000);
    await admin().releaseHolds(call.id);
    expect(await listed).toEqual([]);
    expect((await admin().holds()).held).toEqual([]);
  });

  it('a held call whose client left is never committed', async () => {
    await admin().setHolds(true);
    const gave = sdk(300).incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:gone' }).then(() => 'answered', () => 'gave up');
    const call = await admin().waitForHold(heldCall('business:gone'), 10_000);
    expect(await gave).toBe('gave up');
    const events = (await admin().holdEvents(0, 5_000)).events;
    await expect.poll(async () => (await admin().holdEvents(0, 0)).events.map((e) => e.type)).toEqual(['held', 'gone']);
    expect(events[0]!.hold.id).toBe(call.id);
    const [entry] = (await admin().ledger()).purchases;
    expect(entry).toMatchObject({ committed: false, response: 'dropped' });
    expect((await adminError(admin().releaseHolds(call.id))).status).toBe(409);
  });

  it('refuses what cannot be done: a call not yet committed cannot be dropped, unknown and repeated ids, bad bodies', async () => {
    await admin().setHolds(true);
    const bought = sdk().incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:3' });
    const call = await admin().waitForHold(heldCall('business:3'), 10_000);
    expect(await adminError(admin().dropHolds(call.id))).toMatchObject({ status: 409, message: expect.stringMatching(/not yet committed/) });
    expect((await adminError(admin().releaseHolds(999))).status).toBe(404);
    expect((await adminError(admin().releaseHolds(call.id, call.id))).status).toBe(400);
    expect((await adminError(admin().releaseHolds())).status).toBe(400);
    expect((await admin().state()).committed).toBe(0); // nothing happened to the held call
    await admin().setHolds(false);
    await bought;
  });

  it('its routes sit behind the admin guard: foreign Origin 403, foreign Host 403, a body that is not JSON 415', async () => {
    const own = `127.0.0.1:${server.port}`;
    expect(await status('PUT', '/__admin/holds', { host: own, origin: 'http://evil.example', 'content-type': 'application/json' }, '{"enabled":true}')).toBe(403);
    expect(await status('GET', '/__admin/holds', { host: `evil.example:${server.port}` })).toBe(403);
    expect(await status('PUT', '/__admin/holds', { host: own, 'content-type': 'text/plain' }, '{"enabled":true}')).toBe(415);
    expect(await status('DELETE', '/__admin/holds', { host: own })).toBe(405);
    expect((await admin().holds()).enabled).toBe(false);
  });

  it('reset drops held calls uncommitted (their run is over), delivers held responses and turns hold mode off', async () => {
    await admin().setHolds(true);
    const first = sdk().incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:4' });
    await admin().releaseHolds((await admin().waitForHold(heldCall('business:4'), 10_000)).id);
    await admin().waitForHold(heldResponse('business:4'), 10_000);
    const second = sdk().incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:5' }).then(() => 'answered', () => 'dropped');
    await admin().waitForHold(heldCall('business:5'), 10_000);
    await admin().reset();
    expect((await first).friendlyName).toBe('business:4');
    expect(await second).toBe('dropped');
    expect(await admin().holds()).toEqual({ enabled: false, held: [] });
    expect(await admin().state()).toMatchObject({ purchases: 0, committed: 0 });
  });
});
