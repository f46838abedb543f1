// Properties over generated histories: a correct run holds every invariant whatever its timing
// and allowed noise, and a lost or duplicate purchase that is never released always breaks
// EXACTLY_ONE_PURCHASE and NO_ORPHANS — the claim scenarios/expectations.ts rests on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../model/index.ts';
import { checkInvariants } from './check-invariants.ts';
import { brokenCodes } from '../../model/index.ts';
import { input, numberOf, ok200, onboarded, op, purchase } from './hand-made-history.ts';

const noise = fc.constantFrom(
  { status: 409, body: { success: false, code: 'ONBOARDING_IN_PROGRESS', retryAfterMs: 50 } },
  { status: 429, body: { success: false, code: 'RATE_LIMITED' } },
  { status: 503, body: { success: false, code: 'TWILIO_UNAVAILABLE', retryable: true } },
  { status: null, body: null, error: 'timeout' },
);

/** Per business: how many requests it sent (with their noise), and when its purchase arrived. */
const business = fc.record({ noise: fc.array(noise, { maxLength: 4 }), purchaseAt: fc.nat(1000), extra: fc.nat(3), keepLast: fc.boolean() });

describe('invariants over generated runs', () => {
  it('a correct run holds all seven, whatever the timing and the allowed noise', () => {
    fc.assert(
      fc.property(fc.array(business, { minLength: 1, maxLength: 8 }), (runs) => {
        let id = 1;
        const history: Operation[] = [];
        const purchases = runs.map((r, i) => purchase(i + 1, `b${i}`, `+1828555${String(i).padStart(4, '0')}`, { receivedAtNs: String(r.purchaseAt + 10) }));
        runs.forEach((r, i) => {
          history.push(ok200(`b${i}`, purchases[i]!.phoneNumber!, { id: id++, invokeNs: String(r.purchaseAt), completeNs: String(r.purchaseAt + 500) }));
          for (const n of r.noise) history.push(op({ id: id++, businessId: `b${i}`, ...n, invokeNs: String(r.purchaseAt + 1), completeNs: String(r.purchaseAt + 2) }));
        });
        const results = checkInvariants(
          input({
            businesses: runs.map((_, i) => `b${i}`),
            history,
            ledger: { purchases, releases: [] },
            numbers: purchases.map((p) => numberOf(p)),
            appView: Object.fromEntries(purchases.map((p, i) => [`b${i}`, onboarded(p.phoneNumber!)])),
          }),
        );
        expect(brokenCodes(results)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('extra purchases that are never released always break EXACTLY_ONE_PURCHASE and NO_ORPHANS', () => {
    fc.assert(
      fc.property(fc.array(business, { minLength: 1, maxLength: 6 }), fc.nat(5), (runs, victimSeed) => {
        const victim = victimSeed % runs.length;
        const purchases = runs.flatMap((r, i) => {
          const count = 1 + (i === victim ? Math.max(1, r.extra) : r.extra);
          return Array.from({ length: count }, (_, k) => purchase(i * 10 + k + 1, `b${i}`, `+1828${String(i).padStart(3, '0')}${String(k).padStart(4, '0')}`));
        });
        // Last writer wins in naive; with keepLast false the app saved none of them (a lost purchase).
        const appView = Object.fromEntries(
          runs.map((r, i) => {
            const mine = purchases.filter((p) => p.friendlyName === `business:b${i}`);
            return [`b${i}`, r.keepLast || i !== victim ? onboarded(mine.at(-1)!.phoneNumber!) : { phoneNumber: null, onboardingStatus: 'failed' }];
          }),
        );
        const results = checkInvariants(input({ businesses: runs.map((_, i) => `b${i}`), ledger: { purchases, releases: [] }, numbers: purchases.map((p) => numberOf(p)), appView }));
        const broken = brokenCodes(results);
        expect(broken).toContain('EXACTLY_ONE_PURCHASE');
        expect(broken).toContain('NO_ORPHANS');
      }),
      { numRuns: 200 },
    );
  });
});
