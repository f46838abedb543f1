// Atomic purchases under concurrency, with realistic latency so every purchase waits inside the
// race window before it commits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeTwilioAdmin, createFakeTwilioServer, type FakeTwilioServer } from '../fake-twilio/index.ts';

let server: FakeTwilioServer;
beforeAll(async () => {
  server = await createFakeTwilioServer({ latency: 'realistic', seed: 3 });
});
afterAll(() => server.close());

function buy(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  return fetch(`${server.url}/2010-04-01/Accounts/${server.accountSid}/IncomingPhoneNumbers.json`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));
}

describe('fake Twilio under concurrent purchases', () => {
  it('200 concurrent purchases by area code: 200 distinct numbers, 200 ledger entries', async () => {
    const admin = createFakeTwilioAdmin(server.url);
    await admin.reset();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => buy({ AreaCode: '828', FriendlyName: `business:c${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(200).fill(201));
    expect(new Set(results.map((r) => r.body.phone_number)).size).toBe(200);
    const { purchases } = await admin.ledger();
    expect(purchases).toHaveLength(200);
    expect(purchases.every((p) => p.committed && p.response === 'sent')).toBe(true);
    expect(new Set(purchases.map((p) => p.phoneNumber)).size).toBe(200);
    expect(await admin.state()).toMatchObject({ purchases: 200, committed: 200, active: 200, released: 0 });
  });

  it('two concurrent purchases of one specific number: one 201 and one 400/21422', async () => {
    const admin = createFakeTwilioAdmin(server.url);
    await admin.reset();
    const search = await fetch(`${server.url}/2010-04-01/Accounts/${server.accountSid}/AvailablePhoneNumbers/US/Local.json?AreaCode=828&PageSize=10`, {
      headers: { authorization: `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString('base64')}` },
    });
    const numbers = ((await search.json()) as { available_phone_numbers: { phone_number: string }[] }).available_phone_numbers.map((n) => n.phone_number);
    expect(numbers).toHaveLength(10);
    const pairs = await Promise.all(numbers.map((n) => Promise.all([buy({ PhoneNumber: n }), buy({ PhoneNumber: n })])));
    for (const pair of pairs) {
      expect(pair.map((r) => r.status).sort()).toEqual([201, 400]);
      expect(pair.find((r) => r.status === 400)!.body).toMatchObject({ code: 21422, status: 400 });
    }
    const { purchases } = await admin.ledger();
    expect(purchases).toHaveLength(20);
    expect(purchases.filter((p) => p.committed)).toHaveLength(10);
    expect(purchases.filter((p) => !p.committed).every((p) => p.response === 'error')).toBe(true);
  });
});
