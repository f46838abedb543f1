// The admin API through its typed client: state, numbers, reset, faults, events long-poll and
// release-paused, plus the defaults a harness relies on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeTwilioAdmin, createFakeTwilioServer, defaultCredentials, FakeTwilioAdminError, type FakeTwilioServer } from '../fake-twilio/index.ts';
import { createTwilioSdkClient, type TwilioSdkClient } from './support/twilio-sdk.ts';

let server: FakeTwilioServer;
let sdk: TwilioSdkClient;
beforeAll(async () => {
  server = await createFakeTwilioServer({ latency: 'off', seed: 21 });
  sdk = createTwilioSdkClient({ baseUrl: server.url, accountSid: server.accountSid, authToken: server.authToken });
});
afterAll(() => server.close());

describe('fake Twilio admin API', () => {
  it('defaults: realistic latency, port from the OS, credentials derived from the seed', async () => {
    await using fresh = await createFakeTwilioServer({ seed: 21 });
    expect(fresh.core.latency).toBe('realistic');
    expect(fresh.url).toBe(`http://127.0.0.1:${fresh.port}`);
    expect(fresh.port).toBeGreaterThan(0);
    expect({ accountSid: fresh.accountSid, authToken: fresh.authToken }).toEqual(defaultCredentials(21));
    expect(fresh.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(defaultCredentials(22).accountSid).not.toBe(fresh.accountSid);
  });

  it('state, numbers and ledger follow purchases, updates and releases', async () => {
    const admin = createFakeTwilioAdmin(server.url);
    await admin.reset();
    const a = await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:a', smsUrl: 'https://old.example/sms/a' });
    const b = await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:b' });
    await sdk.incomingPhoneNumbers(a.sid).update({ smsUrl: 'https://new.example/sms/a', voiceUrl: 'https://new.example/voice/a' });
    await sdk.incomingPhoneNumbers(b.sid).remove();
    await sdk.incomingPhoneNumbers.create({ areaCode: '099' }).catch(() => undefined);
    expect(await admin.state()).toMatchObject({ purchases: 3, committed: 2, active: 1, released: 1 });
    const numbers = await admin.numbers();
    expect(numbers).toEqual([
      expect.objectContaining({ sid: a.sid, status: 'active', friendlyName: 'business:a', smsUrl: 'https://new.example/sms/a', voiceUrl: 'https://new.example/voice/a', purchaseSeq: 1, accountSid: server.accountSid }),
      expect.objectContaining({ sid: b.sid, status: 'released', friendlyName: 'business:b', smsUrl: null, purchaseSeq: 2 }),
    ]);
    const ledger = await admin.ledger();
    // The ledger keeps the purchase-time URLs; /__admin/numbers has the current ones.
    expect(ledger.purchases[0]).toMatchObject({ seq: 1, sid: a.sid, smsUrl: 'https://old.example/sms/a', committed: true, response: 'sent', fault: null });
    expect(ledger.purchases[2]).toMatchObject({ seq: 3, sid: null, committed: false, response: 'error' });
    expect(ledger.purchases[0]!.requestId).toMatch(/^RQ[0-9a-f]{32}$/);
    expect(ledger.releases).toMatchObject([{ seq: 1, sid: b.sid, phoneNumber: b.phoneNumber }]);
  });

  it('takes the requestId from I-Twilio-Idempotency-Token or X-Request-Id', async () => {
    const admin = createFakeTwilioAdmin(server.url);
    await admin.reset();
    const buy = (headers: Record<string, string>) =>
      fetch(`${server.url}/2010-04-01/Accounts/${server.accountSid}/IncomingPhoneNumbers.json`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'AreaCode=828',
      });
    await buy({ 'I-Twilio-Idempotency-Token': 'idem-1' });
    await buy({ 'X-Request-Id': 'req-2' });
    expect((await admin.ledger()).purchases.map((p) => p.requestId)).toEqual(['idem-1', 'req-2']);
  });

  it('reset with a seed gives that seed\'s inventory and empties the run', async () => {
    const admin = createFakeTwilioAdmin(server.url);
    expect(await admin.reset(5)).toEqual({ reset: true, seed: 5, latency: 'off' });
    const first = await sdk.incomingPhoneNumbers.create({ areaCode: '828' });
    await admin.reset(5);
    expect(await admin.state()).toMatchObject({ purchases: 0, active: 0, requests: 0 });
    expect((await sdk.incomingPhoneNumbers.create({ areaCode: '828' })).phoneNumber).toBe(first.phoneNumber);
    await admin.reset(6);
    expect((await sdk.incomingPhoneNumbers.create({ areaCode: '828' })).phoneNumber).not.toBe(first.phoneNumber);
  });

  it('reset may set the latency for its run only; the next reset without one goes back to the start mode', async () => {
    const admin = createFakeTwilioAdmin(server.url);
    expect(await admin.reset(5, 'realistic')).toMatchObject({ latency: 'realistic' });
    expect(server.core.latency).toBe('realistic');
    expect(await admin.reset(5)).toMatchObject({ latency: 'off' });
    expect(server.core.latency).toBe('off');
    const bad = await fetch(`${server.url}/__admin/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latency: 'slow' }) });
    expect(bad.status).toBe(400);
  });

  it('events: returns at once when there are some, waits for new ones, times out empty', async () => {
    const admin = createFakeTwilioAdmin(server.url);
    await admin.reset();
    expect(await admin.waitForEvents(0, 0)).toEqual({ events: [], last: 0 });
    expect(await admin.waitForEvents(0, 50)).toEqual({ events: [], last: 0 });
    const waiting = admin.waitForEvents(0, 20_000);
    await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:ev' });
    const { events } = await waiting;
    expect(events[0]).toMatchObject({ seq: 1, type: 'purchase.received', purchase: { friendlyName: 'business:ev', committed: false } });
    const all = await admin.waitForEvents(0, 0);
    expect(all.events.map((e) => e.type)).toEqual(['purchase.received', 'purchase.committed', 'purchase.responded']);
    expect((await admin.waitForEvents(2, 0)).events.map((e) => e.seq)).toEqual([3]);
    await expect(admin.waitFor((e) => e.type === 'release', 100)).rejects.toThrow(/no matching ledger event/);
  });

  it('faults: GET shows the plan and what is left; DELETE clears; release-paused {} lets all go', async () => {
    const admin = createFakeTwilioAdmin(server.url);
    await admin.reset();
    await admin.setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-pause', times: 2 }] });
    const buys = [sdk.incomingPhoneNumbers.create({ areaCode: '828' }), sdk.incomingPhoneNumbers.create({ areaCode: '828' })];
    await admin.waitFor((e) => e.type === 'purchase.paused' && e.purchase!.seq === 2, 10_000);
    await admin.waitFor((e) => e.type === 'purchase.paused' && e.purchase!.seq === 1, 10_000);
    expect((await admin.getFaults()).remaining).toEqual([0]);
    expect((await admin.releasePaused()).released.sort()).toEqual([1, 2]);
    expect((await Promise.all(buys)).length).toBe(2);
    expect(await admin.releasePaused(1)).toEqual({ released: [] });
    expect((await admin.clearFaults()).rules).toEqual([]);
    await expect(admin.setFaults({ rules: [{ operation: 'purchase', kind: 'error' }] } as never)).rejects.toBeInstanceOf(FakeTwilioAdminError);
  });
});
