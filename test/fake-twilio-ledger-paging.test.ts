// GET /__admin/ledger?after=&releasesAfter=&limit= through the served fake and the typed admin
// client: pages put together are the whole ledger, the answer without parameters is unchanged,
// and bad parameters are a 400 naming them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeTwilioAdmin, createFakeTwilioServer, FakeTwilioAdminError, type FakeTwilioServer, type LedgerPage } from '../fake-twilio/index.ts';
import { createTwilioSdkClient } from './support/twilio-sdk.ts';

let server: FakeTwilioServer;
const admin = () => createFakeTwilioAdmin(server.url);

beforeAll(async () => {
  server = await createFakeTwilioServer({ latency: 'off', seed: 13 });
  const sdk = createTwilioSdkClient({ baseUrl: server.url, accountSid: server.accountSid, authToken: server.authToken });
  const bought = [];
  for (let i = 0; i < 23; i++) bought.push(await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: `business:l${i}` }));
  for (const n of bought.slice(0, 5)) await sdk.incomingPhoneNumbers(n.sid).remove();
});
afterAll(() => server.close());

describe('ledger paging', () => {
  it('without parameters: exactly the whole ledger, as before', async () => {
    const res = await fetch(`${server.url}/__admin/ledger`);
    expect(await res.json()).toEqual(server.core.ledger.snapshot());
  });

  it('the async iterator walks every page once; put together they are the whole ledger', async () => {
    const whole = await admin().ledger();
    const pages: LedgerPage[] = [];
    for await (const page of admin().ledgerPages({ limit: 4 })) {
      pages.push(page);
      if (pages.length > 20) break;
    }
    expect(pages).toHaveLength(Math.ceil(23 / 4));
    expect(pages.flatMap((p) => p.purchases)).toEqual(whole.purchases);
    expect(pages.flatMap((p) => p.releases)).toEqual(whole.releases);
    expect(pages.at(-1)!.next).toBeNull();
    expect(pages[0]!.next).toEqual({ after: 4, releasesAfter: 4 });
  });

  it('ledgerPage resumes from a cursor; a reader that is up to date gets an empty page and next null', async () => {
    const page = await admin().ledgerPage({ after: 20, releasesAfter: 5, limit: 10 });
    expect(page.purchases.map((p) => p.seq)).toEqual([21, 22, 23]);
    expect(page).toMatchObject({ releases: [], next: null });
    expect(await admin().ledgerPage({ after: 23, releasesAfter: 5 })).toEqual({ purchases: [], releases: [], next: null });
  });

  it('events: "after everything" may be asked with Number.MAX_SAFE_INTEGER (the harness does)', async () => {
    const { events, last } = await admin().waitForEvents(Number.MAX_SAFE_INTEGER, 0);
    expect(events).toEqual([]);
    expect(last).toBe((await admin().waitForEvents(0, 0)).last);
    expect(last).toBeGreaterThan(0);
  });

  it('bad parameters → 400 naming them', async () => {
    for (const [query, name] of [['after=-1', 'after'], ['limit=0', 'limit'], ['limit=20000', 'limit'], ['releasesAfter=x', 'releasesAfter'], ['page=2', 'page'], ['after=1&after=2', 'after']] as const) {
      const res = await fetch(`${server.url}/__admin/ledger?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain(name);
    }
    await expect(admin().ledgerPage({ limit: 0 })).rejects.toBeInstanceOf(FakeTwilioAdminError);
  });
});
