// Model-based property test: random batches of purchase (by area code and by number), release and
// list run concurrently against the core, their latency waits resolved in an order chosen by
// fast-check's scheduler, and checked after every batch against a simple model.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFakeTwilioCore, type FakeTwilioCore } from './fake-twilio-core.ts';

type Op =
  | { kind: 'buyArea'; name: number }
  | { kind: 'buyNumber'; pick: number }
  | { kind: 'release'; pick: number }
  | { kind: 'list'; name: number }
  | { kind: 'page'; size: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('buyArea' as const), name: fc.nat(2) }),
  fc.record({ kind: fc.constant('buyNumber' as const), pick: fc.nat(7) }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat(20) }),
  fc.record({ kind: fc.constant('list' as const), name: fc.nat(2) }),
  fc.record({ kind: fc.constant('page' as const), size: fc.integer({ min: 1, max: 3 }) }),
);

async function request(core: FakeTwilioCore, method: string, path: string, form?: Record<string, string>) {
  return raw(core, method, `/2010-04-01/Accounts/${core.credentials.accountSid}${path}`, form);
}

async function raw(core: FakeTwilioCore, method: string, pathAndQuery: string, form?: Record<string, string>) {
  const { accountSid, authToken } = core.credentials;
  const url = new URL(`http://core${pathAndQuery}`);
  const res = await core.handle({
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form ? new URLSearchParams(form).toString() : '',
    signal: new AbortController().signal,
  });
  return res as { status: number; body: Record<string, unknown> & { code?: number } };
}

const nameOf = (i: number) => `business:m${i}`;

/** Every page of the list, following `next_page_uri` as the SDK does; bounded so a cursor that stalls fails instead of hanging. */
async function pageAll(core: FakeTwilioCore, size: number, maxPages: number): Promise<{ sids: string[]; pages: number }> {
  const sids: string[] = [];
  let next: string | null = `/2010-04-01/Accounts/${core.credentials.accountSid}/IncomingPhoneNumbers.json?PageSize=${size}`;
  let pages = 0;
  while (next !== null && pages < maxPages) {
    const r = await raw(core, 'GET', next);
    expect(r.status).toBe(200);
    pages++;
    sids.push(...(r.body.incoming_phone_numbers as { sid: string }[]).map((n) => n.sid));
    next = r.body.next_page_uri as string | null;
  }
  expect(next, `paging did not end within ${maxPages} pages`).toBeNull();
  return { sids, pages };
}

describe('fake Twilio core against a model', () => {
  it('purchases, releases and lists under random interleavings agree with the model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), async (s, batches) => {
        const core = createFakeTwilioCore({ latency: 'off', seed: 1, sleep: () => s.schedule(Promise.resolve()) });
        // Model: active sid → { number, name }; every number ever sold.
        const active = new Map<string, { number: string; name: string | null }>();
        const sold = new Set<string>();
        let purchaseOps = 0;
        let committed = 0;
        const search = request(core, 'GET', '/AvailablePhoneNumbers/US/Local.json?AreaCode=828&PageSize=8');
        await s.waitAll();
        const pool = ((await search).body.available_phone_numbers as { phone_number: string }[]).map((n) => n.phone_number);
        expect(pool).toHaveLength(8);

        for (const batch of batches) {
          const before = new Map(active);
          const sids = [...before.keys()];
          const running = batch.map((o) => {
            switch (o.kind) {
              case 'buyArea':
                purchaseOps++;
                return request(core, 'POST', '/IncomingPhoneNumbers.json', { AreaCode: '828', FriendlyName: nameOf(o.name) }).then((r) => ({ o, r, target: undefined as string | undefined }));
              case 'buyNumber':
                purchaseOps++;
                return request(core, 'POST', '/IncomingPhoneNumbers.json', { PhoneNumber: pool[o.pick]! }).then((r) => ({ o, r, target: pool[o.pick] }));
              case 'release': {
                const sid = sids.length ? sids[o.pick % sids.length]! : `PN${'0'.repeat(32)}`;
                return request(core, 'DELETE', `/IncomingPhoneNumbers/${sid}.json`).then((r) => ({ o, r, target: sid }));
              }
              case 'list':
                return request(core, 'GET', `/IncomingPhoneNumbers.json?FriendlyName=${encodeURIComponent(nameOf(o.name))}&PageSize=1000`).then((r) => ({ o, r, target: undefined }));
              case 'page':
                // Pages while the batch's purchases commit (in the scheduler's order, not seq order) and its releases land.
                return pageAll(core, o.size, 200).then((p) => ({ o, r: { status: 200, body: { incoming_phone_numbers: p.sids.map((sid) => ({ sid })) } as Record<string, unknown> & { code?: number } }, target: undefined }));
            }
          });
          // waitFor, not waitAll: a pager schedules its next page only after the previous one resolved.
          const results = await s.waitFor(Promise.all(running));

          const boughtNumbers = new Map<string, number>();
          const midBatchLists: string[][] = [];
          const midBatchPagings: string[][] = [];
          const releasedSids = new Map<string, number>();
          for (const { o, r, target } of results) {
            if (o.kind === 'buyArea' || o.kind === 'buyNumber') {
              if (r.status === 201) {
                const number = r.body.phone_number as string;
                expect(sold.has(number), `resold ${number}`).toBe(false);
                boughtNumbers.set(number, (boughtNumbers.get(number) ?? 0) + 1);
                if (o.kind === 'buyNumber') expect(number).toBe(target);
                active.set(r.body.sid as string, { number, name: (r.body.friendly_name as string).startsWith('business:') ? (r.body.friendly_name as string) : null });
                committed++;
              } else {
                expect(o.kind).toBe('buyNumber');
                expect([r.status, r.body.code]).toEqual([400, 21422]);
              }
            } else if (o.kind === 'release') {
              if (r.status === 204) {
                expect(before.has(target!)).toBe(true);
                releasedSids.set(target!, (releasedSids.get(target!) ?? 0) + 1);
                active.delete(target!);
              } else expect([r.status, r.body.code]).toEqual([404, 20404]);
            } else {
              // A list that ran mid-batch sees a state between "before" and "after" the batch.
              const sids = (r.body.incoming_phone_numbers as { sid: string }[]).map((n) => n.sid);
              midBatchLists.push(sids);
              if (o.kind === 'page') midBatchPagings.push(sids);
            }
          }
          for (const seen of midBatchLists) for (const sid of seen) expect(before.has(sid) || active.has(sid)).toBe(true);
          // Paging mid-batch: no number twice, and every number active before and after the batch is on some page.
          for (const sids of midBatchPagings) {
            expect(new Set(sids).size, 'a number listed twice while paging').toBe(sids.length);
            for (const sid of before.keys()) if (active.has(sid)) expect(sids).toContain(sid);
          }
          for (const count of [...boughtNumbers.values(), ...releasedSids.values()]) expect(count).toBe(1);
          // A specific number that was for sale before the batch is bought by exactly one of its buyers.
          for (const { o } of results) {
            if (o.kind === 'buyNumber' && !sold.has(pool[o.pick]!)) expect(boughtNumbers.get(pool[o.pick]!)).toBe(1);
          }
          for (const n of boughtNumbers.keys()) sold.add(n);
          // A release of a sid active before the batch succeeds exactly once.
          for (const { o, target } of results) if (o.kind === 'release' && before.has(target!)) expect(releasedSids.get(target!)).toBe(1);

          for (const name of [0, 1, 2].map(nameOf)) {
            const list = request(core, 'GET', `/IncomingPhoneNumbers.json?FriendlyName=${encodeURIComponent(name)}&PageSize=1000`);
            await s.waitAll();
            const listed = ((await list).body.incoming_phone_numbers as { sid: string }[]).map((n) => n.sid).sort();
            expect(listed).toEqual([...active].filter(([, v]) => v.name === name).map(([sid]) => sid).sort());
          }
          const { sids: pagedSids } = await s.waitFor(pageAll(core, 2, 200));
          expect(new Set(pagedSids).size, 'a number listed twice while paging').toBe(pagedSids.length);
          expect([...pagedSids].sort()).toEqual([...active.keys()].sort());
        }
        expect(core.state()).toMatchObject({ purchases: purchaseOps, committed, active: active.size, released: committed - active.size });
      }),
      { numRuns: 60, seed: 828 },
    );
  });
});
