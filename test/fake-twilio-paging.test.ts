// Paging with the official SDK while purchases commit out of order (issue 15, item 1): with
// realistic latency, 50 concurrent purchases commit in a different order than their ledger seq,
// and a cursor built on that seq sent the SDK round in circles. Small pages, numbers released
// between pages: every active number is listed exactly once and paging ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeTwilioAdmin, createFakeTwilioServer, type FakeTwilioServer } from '../fake-twilio/index.ts';
import { createTwilioSdkClient, type TwilioSdkClient } from './support/twilio-sdk.ts';

const PURCHASES = 50;
const PAGE_SIZE = 7;
/** More pages than 50 numbers can fill at 7 a page: reaching it means paging does not end. */
const MAX_PAGES = 3 * Math.ceil(PURCHASES / PAGE_SIZE);

let server: FakeTwilioServer;
let sdk: TwilioSdkClient;

beforeAll(async () => {
  server = await createFakeTwilioServer({ latency: 'realistic', seed: 15 });
  sdk = createTwilioSdkClient({ baseUrl: server.url, accountSid: server.accountSid, authToken: server.authToken, timeoutMs: 20_000 });
});
afterAll(() => server.close());

describe('paging the incoming numbers with the SDK', () => {
  it('lists every active number exactly once and ends, after out-of-order commits and releases between pages', async () => {
    const bought = await Promise.all(
      Array.from({ length: PURCHASES }, (_, i) => sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: `business:p${i}` })),
    );
    // The premise: commit order differs from purchase (seq) order, else this test proves nothing.
    const { purchases } = await createFakeTwilioAdmin(server.url).ledger();
    const byCommit = [...purchases].sort((a, b) => Number(BigInt(a.committedAtNs!) - BigInt(b.committedAtNs!))).map((p) => p.seq);
    expect(byCommit).not.toEqual(purchases.map((p) => p.seq));

    const seen = new Map<string, number>();
    const released = new Set<string>();
    const releasedUnlisted = new Set<string>();
    // The SDK types nextPage() as a plain Page; instances and nextPageUrl are all this loop uses.
    let page: Pick<Awaited<ReturnType<typeof sdk.incomingPhoneNumbers.page>>, 'instances' | 'nextPageUrl' | 'nextPage'> = await sdk.incomingPhoneNumbers.page({ pageSize: PAGE_SIZE });
    let pages = 0;
    for (;;) {
      pages++;
      for (const n of page.instances) seen.set(n.sid, (seen.get(n.sid) ?? 0) + 1);
      // Between pages, release one number already listed and one not listed yet.
      const listedOne = page.instances[0]?.sid;
      const unlisted = bought.find((n) => !seen.has(n.sid) && !released.has(n.sid));
      if (unlisted) releasedUnlisted.add(unlisted.sid);
      for (const sid of [listedOne, unlisted?.sid]) {
        if (sid && !released.has(sid)) {
          await sdk.incomingPhoneNumbers(sid).remove();
          released.add(sid);
        }
      }
      if (!page.nextPageUrl || pages >= MAX_PAGES) break;
      page = (await page.nextPage())!;
    }

    expect(pages, 'paging did not end').toBeLessThan(MAX_PAGES);
    expect([...seen.values()].filter((count) => count !== 1), 'numbers listed more than once').toEqual([]);
    const stillActive = bought.map((n) => n.sid).filter((sid) => !released.has(sid));
    for (const sid of stillActive) expect(seen.has(sid), `active ${sid} never listed`).toBe(true);
    // Released before its page came: never listed.
    for (const sid of releasedUnlisted) expect(seen.has(sid), `released ${sid} was listed`).toBe(false);
    // And the SDK's own list() (which follows next_page_uri to the end) agrees with the fake.
    const all = await sdk.incomingPhoneNumbers.list({ pageSize: PAGE_SIZE });
    expect(all.map((n) => n.sid).sort()).toEqual([...stillActive].sort());
  });
});
