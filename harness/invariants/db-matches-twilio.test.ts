import { describe, expect, it } from 'vitest';
import { dbMatchesTwilio } from './db-matches-twilio.ts';
import { input, notOnboarded, numberOf, ok200, onboarded, purchase, release } from './hand-made-history.ts';

describe('DB_MATCHES_TWILIO', () => {
  it('holds when each app number is the one active number attributed to its business', () => {
    const p1 = purchase(1, 'b1', '+18285550101');
    const p2 = purchase(2, 'b2', '+18285550102');
    const released = purchase(3, 'b2', '+18285550103');
    const r = dbMatchesTwilio(
      input({
        businesses: ['b1', 'b2', 'quiet'],
        ledger: { purchases: [p1, p2, released], releases: [release(4, released)] },
        numbers: [numberOf(p1), numberOf(p2), numberOf(released, { status: 'released' })],
        appView: { b1: onboarded('+18285550101'), b2: onboarded('+18285550102'), quiet: notOnboarded },
      }),
    );
    expect(r).toEqual({ code: 'DB_MATCHES_TWILIO', held: true, reason: null, violations: [] });
  });

  it('breaks when the app shows a number that is not active at Twilio (dangling)', () => {
    const p1 = purchase(1, 'b1', '+18285550101');
    const r = dbMatchesTwilio(
      input({ businesses: ['b1'], ledger: { purchases: [p1], releases: [release(2, p1)] }, numbers: [numberOf(p1, { status: 'released' })], appView: { b1: onboarded('+18285550101') } }),
    );
    expect(r.violations).toEqual([
      { businessId: 'b1', detail: 'the app shows +18285550101, but the active Twilio number(s) attributed to the business are: none', operations: [], ledger: [1] },
    ]);
  });

  it('breaks when Twilio holds two active numbers for a business, naming the requests behind them', () => {
    const p1 = purchase(1, 'b1', '+18285550101', { receivedAtNs: '150' });
    const p2 = purchase(2, 'b1', '+18285550102', { receivedAtNs: '160' });
    const r = dbMatchesTwilio(
      input({
        businesses: ['b1'],
        history: [ok200('b1', '+18285550101', { id: 1 }), ok200('b1', '+18285550102', { id: 2 })],
        ledger: { purchases: [p1, p2], releases: [] },
        numbers: [numberOf(p1), numberOf(p2)],
        appView: { b1: onboarded('+18285550102') },
      }),
    );
    expect(r.held).toBe(false);
    expect(r.violations[0]).toMatchObject({ businessId: 'b1', operations: [1, 2], ledger: [1, 2] });
    expect(r.violations[0]!.detail).toBe('the app shows +18285550102, but the active Twilio number(s) attributed to the business are: +18285550101 (seq 1), +18285550102 (seq 2)');
  });

  it('breaks when the app has no number but Twilio has one for it, found by webhook alone', () => {
    const p1 = purchase(1, 'b1', '+18285550101', { friendlyName: null });
    const r = dbMatchesTwilio(input({ businesses: ['b1'], ledger: { purchases: [p1], releases: [] }, numbers: [numberOf(p1)], appView: { b1: notOnboarded } }));
    expect(r.violations[0]!.detail).toContain('the app has no number, but Twilio has 1 active number(s)');
  });

  it('skips a business whose view could not be read, and says so', () => {
    const p1 = purchase(1, 'b1', '+18285550101');
    const r = dbMatchesTwilio(input({ businesses: ['b1'], numbers: [numberOf(p1), numberOf(purchase(2, 'b1', '+18285550102'))], appView: { b1: null } }));
    expect(r.held).toBe(true);
    expect(r.reason).toMatch(/unreadable for 1 business/);
  });
});
