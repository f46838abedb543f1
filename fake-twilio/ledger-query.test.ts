// Paging the ledger: the query's validation, and pages that are slices of the ledger (so a reader
// streams any size in bounded memory) and put together give the whole ledger exactly once.
import { describe, expect, it } from 'vitest';
import { parseLedgerQuery } from './ledger-query.ts';
import { PurchaseLedger } from './purchase-ledger.ts';
import type { CoreRequest } from './core-types.ts';
import type { LedgerCursor } from './types.ts';

const req = (query: string): CoreRequest => ({ method: 'GET', path: '/__admin/ledger', query: new URLSearchParams(query), headers: {}, body: '', signal: new AbortController().signal });

function ledgerOf(purchases: number, releases: number): PurchaseLedger {
  let t = 0n;
  const ledger = new PurchaseLedger(() => ++t);
  for (let i = 0; i < purchases; i++) ledger.openPurchase({ friendlyName: `business:${i}`, smsUrl: null, voiceUrl: null, accountSid: 'AC1', requestId: `RQ${i}` });
  for (let i = 0; i < releases; i++) ledger.recordRelease(`PN${i}`, `+1828555${String(i).padStart(4, '0')}`, null);
  return ledger;
}

describe('parseLedgerQuery', () => {
  it('no parameters: the whole ledger, as before; any paging parameter: a page with defaults', () => {
    expect(parseLedgerQuery(req(''))).toEqual({ kind: 'whole' });
    expect(parseLedgerQuery(req('after=5'))).toEqual({ kind: 'page', after: 5, releasesAfter: 0, limit: 1000 });
    expect(parseLedgerQuery(req('limit=10&releasesAfter=2'))).toEqual({ kind: 'page', after: 0, releasesAfter: 2, limit: 10 });
  });

  it.each([
    ['after=-1', /after must be an integer from 0/],
    ['after=abc', /after .*"abc"/],
    ['after=1e3', /after/],
    ['releasesAfter=1.5', /releasesAfter/],
    ['limit=0', /limit must be an integer from 1 to 10000, got "0"/],
    ['limit=10001', /limit/],
    [`after=${'9'.repeat(17)}`, /after/],
    ['limit=2&limit=3', /"limit" is given more than once/],
    ['cursor=1', /Unknown parameter "cursor"/],
  ])('%s → 400 naming the parameter', (query, message) => {
    expect(() => parseLedgerQuery(req(query))).toThrow(expect.objectContaining({ status: 400, message: expect.stringMatching(message) }));
  });
});

describe('PurchaseLedger.page', () => {
  it('streams 20 000 purchases and 3 000 releases in pages of at most the limit, each entry once, next null at the end', () => {
    const ledger = ledgerOf(20_000, 3_000);
    const whole = ledger.snapshot();
    const seenPurchases: number[] = [];
    const seenReleases: number[] = [];
    let cursor: LedgerCursor | null = { after: 0, releasesAfter: 0 };
    let pages = 0;
    while (cursor && pages < 100) {
      const page = ledger.page(cursor.after, cursor.releasesAfter, 997);
      pages++;
      expect(page.purchases.length).toBeLessThanOrEqual(997);
      expect(page.releases.length).toBeLessThanOrEqual(997);
      seenPurchases.push(...page.purchases.map((p) => p.seq));
      seenReleases.push(...page.releases.map((r) => r.seq));
      cursor = page.next;
    }
    expect(cursor).toBeNull();
    expect(pages).toBe(Math.ceil(20_000 / 997));
    expect(seenPurchases).toEqual(whole.purchases.map((p) => p.seq));
    expect(seenReleases).toEqual(whole.releases.map((r) => r.seq));
  });

  it('after the end: empty, next null; a page is a copy', () => {
    const ledger = ledgerOf(3, 1);
    expect(ledger.page(3, 1, 10)).toEqual({ purchases: [], releases: [], next: null });
    expect(ledger.page(99, 99, 10)).toEqual({ purchases: [], releases: [], next: null });
    expect(ledger.page(1, 0, 1)).toMatchObject({ purchases: [{ seq: 2 }], releases: [{ seq: 1 }], next: { after: 2, releasesAfter: 1 } });
    const page = ledger.page(0, 0, 10);
    page.purchases[0]!.committed = true;
    expect(ledger.snapshot().purchases[0]!.committed).toBe(false);
  });
});
