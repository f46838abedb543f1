// Fidelity with the official `twilio` SDK (v6), against the served server and through the msw
// handlers: the same suite runs on both adapters. Raw response bodies are validated against the
// schemas of Twilio's own OpenAPI description (fake-twilio/openapi/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import twilio from 'twilio';
import { createFakeTwilioCore, createFakeTwilioHandlers, createFakeTwilioServer, type FakeTwilioCore, type FakeTwilioServer } from '../fake-twilio/index.ts';
import { responseSchemaErrors } from '../fake-twilio/openapi/response-validator.ts';
import { createTwilioSdkClient, type TwilioSdkClient } from './support/twilio-sdk.ts';

interface Target {
  core: FakeTwilioCore;
  baseUrl: string;
  sdk: TwilioSdkClient;
  sdkWith(accountSid: string, authToken: string): TwilioSdkClient;
  close(): Promise<void>;
}

const adapters: Record<string, () => Promise<Target>> = {
  served: async () => {
    const server: FakeTwilioServer = await createFakeTwilioServer({ latency: 'off', seed: 7, stock: { '919': 2 } });
    const sdkWith = (accountSid: string, authToken: string) => createTwilioSdkClient({ baseUrl: server.url, accountSid, authToken });
    return { core: server.core, baseUrl: server.url, sdk: sdkWith(server.accountSid, server.authToken), sdkWith, close: () => server.close() };
  },
  msw: async () => {
    // In-process: the unmodified SDK calls https://api.twilio.com and msw answers from the core.
    const core = createFakeTwilioCore({ latency: 'off', seed: 7, stock: { '919': 2 } });
    const msw = setupServer(...createFakeTwilioHandlers(core, { baseUrl: 'https://api.twilio.com' }));
    msw.listen({ onUnhandledRequest: 'error' });
    const sdkWith = (accountSid: string, authToken: string) => twilio(accountSid, authToken);
    const { accountSid, authToken } = core.credentials;
    return { core, baseUrl: 'https://api.twilio.com', sdk: sdkWith(accountSid, authToken), sdkWith, close: async () => msw.close() };
  },
};

describe.each(Object.keys(adapters))('fake Twilio through the SDK (%s)', (adapter) => {
  let t: Target;
  beforeAll(async () => {
    t = await adapters[adapter]!();
  });
  afterAll(() => t.close());

  const raw = async (method: string, path: string, form?: Record<string, string>) => {
    const { accountSid, authToken } = t.core.credentials;
    const res = await fetch(`${t.baseUrl}/2010-04-01/Accounts/${accountSid}${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    return { status: res.status, headers: res.headers, body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>) };
  };

  it('searches available numbers in 828', async () => {
    const found = await t.sdk.availablePhoneNumbers('US').local.list({ areaCode: 828, limit: 5 });
    expect(found).toHaveLength(5);
    for (const n of found) expect(n.phoneNumber).toMatch(/^\+1828[2-9]\d{6}$/);
    expect(found[0]!.locality).toBe('Asheville');
    const body = (await raw('GET', '/AvailablePhoneNumbers/US/Local.json?AreaCode=828&PageSize=3')).body;
    expect(responseSchemaErrors('ListAvailablePhoneNumberLocal', body)).toEqual([]);
  });

  it('buys by AreaCode and by PhoneNumber, and answers 201 bodies that match the schema', async () => {
    const byArea = await t.sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:fid-1', smsUrl: 'https://app.example/api/twilio/sms/fid-1', voiceUrl: 'https://app.example/api/twilio/voice/fid-1' });
    expect(byArea.sid).toMatch(/^PN[0-9a-f]{32}$/);
    expect(byArea.phoneNumber).toMatch(/^\+1828/);
    expect(byArea.friendlyName).toBe('business:fid-1');
    expect(byArea.smsUrl).toBe('https://app.example/api/twilio/sms/fid-1');
    expect(byArea.accountSid).toBe(t.core.credentials.accountSid);
    expect(byArea.dateCreated).toBeInstanceOf(Date);

    const [wanted] = await t.sdk.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 1 });
    const bySpecific = await t.sdk.incomingPhoneNumbers.create({ phoneNumber: wanted!.phoneNumber });
    expect(bySpecific.phoneNumber).toBe(wanted!.phoneNumber);
    expect(bySpecific.friendlyName).toMatch(/^\(212\) \d{3}-\d{4}$/);

    const created = await raw('POST', '/IncomingPhoneNumbers.json', { AreaCode: '828', FriendlyName: 'schema-check' });
    expect(created.status).toBe(201);
    expect(responseSchemaErrors('CreateIncomingPhoneNumber', created.body)).toEqual([]);
  });

  it('lists with exact FriendlyName and PhoneNumber filters and auto-pages over several pages', async () => {
    const mine = [];
    for (let i = 0; i < 7; i++) mine.push(await t.sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:paged' }));
    await t.sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:paged-not' });

    const paged = await t.sdk.incomingPhoneNumbers.list({ friendlyName: 'business:paged', pageSize: 3 });
    expect(paged.map((n) => n.sid).sort()).toEqual(mine.map((n) => n.sid).sort());

    const firstPage = await t.sdk.incomingPhoneNumbers.page({ friendlyName: 'business:paged', pageSize: 3 });
    expect(firstPage.instances).toHaveLength(3);
    expect(firstPage.nextPageUrl).toBeTruthy();

    // Exact match, as Twilio: a prefix or a different case finds nothing.
    expect(await t.sdk.incomingPhoneNumbers.list({ friendlyName: 'business:pag' })).toEqual([]);
    expect(await t.sdk.incomingPhoneNumbers.list({ friendlyName: 'BUSINESS:paged' })).toEqual([]);

    const byNumber = await t.sdk.incomingPhoneNumbers.list({ phoneNumber: mine[2]!.phoneNumber });
    expect(byNumber.map((n) => n.sid)).toEqual([mine[2]!.sid]);

    const listed = await raw('GET', '/IncomingPhoneNumbers.json?FriendlyName=business%3Apaged&PageSize=2');
    expect(responseSchemaErrors('ListIncomingPhoneNumber', listed.body)).toEqual([]);
    expect(listed.body!.next_page_uri).toMatch(/PageToken=PA\d+/);
    const last = await raw('GET', '/IncomingPhoneNumbers.json?FriendlyName=business%3Apaged&PageSize=50');
    expect(last.body!.next_page_uri).toBeNull();
    expect(last.body!.page_size).toBe(50);
  });

  it('fetches, updates webhook URLs and releases (204); a released number is gone and never resold', async () => {
    const n = await t.sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:upd' });
    const fetched = await t.sdk.incomingPhoneNumbers(n.sid).fetch();
    expect(fetched.phoneNumber).toBe(n.phoneNumber);
    expect(responseSchemaErrors('FetchIncomingPhoneNumber', (await raw('GET', `/IncomingPhoneNumbers/${n.sid}.json`)).body)).toEqual([]);

    const updated = await t.sdk.incomingPhoneNumbers(n.sid).update({ smsUrl: 'https://app.example/sms/upd', voiceUrl: 'https://app.example/voice/upd' });
    expect([updated.smsUrl, updated.voiceUrl]).toEqual(['https://app.example/sms/upd', 'https://app.example/voice/upd']);
    const rawUpdate = await raw('POST', `/IncomingPhoneNumbers/${n.sid}.json`, { FriendlyName: 'business:upd' });
    expect(responseSchemaErrors('UpdateIncomingPhoneNumber', rawUpdate.body)).toEqual([]);

    expect(await t.sdk.incomingPhoneNumbers(n.sid).remove()).toBe(true);
    const again = await raw('DELETE', `/IncomingPhoneNumbers/${n.sid}.json`);
    expect(again.status).toBe(404);
    await expect(t.sdk.incomingPhoneNumbers(n.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    await expect(t.sdk.incomingPhoneNumbers.create({ phoneNumber: n.phoneNumber })).rejects.toMatchObject({ status: 400, code: 21422 });
    const numbers = t.core.numbers.snapshots().filter((s) => s.sid === n.sid);
    expect(numbers).toMatchObject([{ status: 'released', smsUrl: 'https://app.example/sms/upd' }]);
  });

  it('raises RestException with Twilio status and code for each error', async () => {
    const { accountSid, authToken } = t.core.credentials;
    const rest = (e: unknown) => e as { constructor: { name: string }; status: number; code: number };
    const fail = async (p: Promise<unknown>) => rest(await p.then(() => expect.fail('expected an error'), (e: unknown) => e));

    const badAuth = await fail(t.sdkWith(accountSid, 'wrong-token').incomingPhoneNumbers.list());
    expect([badAuth.constructor.name, badAuth.status, badAuth.code]).toEqual(['RestException', 401, 20003]);
    expect(await fail(t.sdk.incomingPhoneNumbers(`PN${'0'.repeat(32)}`).fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await fail(t.sdk.incomingPhoneNumbers.create({ areaCode: '099' }))).toMatchObject({ status: 400, code: 21451 });
    expect(await fail(t.sdk.incomingPhoneNumbers.create({ areaCode: '533' }))).toMatchObject({ status: 400, code: 21452 });
    // 919 is stocked with two numbers in this suite: the third purchase finds none.
    await t.sdk.incomingPhoneNumbers.create({ areaCode: '919' });
    await t.sdk.incomingPhoneNumbers.create({ areaCode: '919' });
    expect(await fail(t.sdk.incomingPhoneNumbers.create({ areaCode: '919' }))).toMatchObject({ status: 400, code: 21452 });
    expect(await fail(t.sdk.incomingPhoneNumbers.create({ friendlyName: 'no number given' }))).toMatchObject({ status: 400, code: 20001 });
    expect(await fail(t.sdk.incomingPhoneNumbers.create({ phoneNumber: '+1828' }))).toMatchObject({ status: 400, code: 21421 });

    t.core.setFaults({ rules: [{ operation: 'list', kind: 'error', status: 429, retryAfterS: 7, times: 1 }] });
    const limited = await raw('GET', '/IncomingPhoneNumbers.json');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body).toMatchObject({ code: 20429, status: 429 });
    t.core.setFaults({ rules: [{ operation: 'list', kind: 'error', status: 429, retryAfterS: 7, times: 1 }] });
    expect(await fail(t.sdk.incomingPhoneNumbers.list())).toMatchObject({ status: 429, code: 20429 });
    t.core.setFaults({ rules: [] });
  });
});
