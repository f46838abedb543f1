import { describe, expect, it } from 'vitest';
import { exactlyOnePurchase } from './exactly-one-purchase.ts';
import { input, notOnboarded, numberOf, ok200, onboarded, op, purchase, release } from './hand-made-history.ts';

describe('EXACTLY_ONE_PURCHASE', () => {
  it('holds for one purchase per onboarded business and none for a business with no traffic', () => {
    const p = purchase(1, 'b1', '+18285550101');
    const r = exactlyOnePurchase(
      input({ businesses: ['b1', 'quiet'], ledger: { purchases: [p], releases: [] }, appView: { b1: onboarded('+18285550101'), quiet: notOnboarded } }),
    );
    expect(r).toEqual({ code: 'EXACTLY_ONE_PURCHASE', held: true, reason: null, violations: [] });
  });

  it('breaks on a duplicate, naming only the requests in flight when each purchase arrived', () => {
    const a = ok200('b1', '+18285550101', { id: 1, invokeNs: '100', completeNs: '300' });
    const b = ok200('b1', '+18285550102', { id: 2, invokeNs: '110', completeNs: '320' });
    const late = ok200('b1', '+18285550102', { id: 3, invokeNs: '400', completeNs: '420', client: 'settle' });
    const other = ok200('b2', '+18285550103', { id: 4, invokeNs: '100', completeNs: '300' });
    const p1 = purchase(1, 'b1', '+18285550101', { receivedAtNs: '150' });
    const p2 = purchase(2, 'b1', '+18285550102', { receivedAtNs: '200' });
    const p3 = purchase(3, 'b2', '+18285550103', { receivedAtNs: '150' });
    const r = exactlyOnePurchase(
      input({
        businesses: ['b1', 'b2'],
        history: [a, b, late, other],
        ledger: { purchases: [p1, p2, p3], releases: [] },
        appView: { b1: onboarded('+18285550102'), b2: onboarded('+18285550103') },
      }),
    );
    expect(r.held).toBe(false);
    expect(r.violations).toEqual([
      { businessId: 'b1', detail: '2 committed purchases: +18285550101 (seq 1), +18285550102 (seq 2)', operations: [1, 2], ledger: [1, 2] },
    ]);
  });

  it('counts a released duplicate: it was paid for', () => {
    const p1 = purchase(1, 'b1', '+18285550101');
    const p2 = purchase(2, 'b1', '+18285550102');
    const r = exactlyOnePurchase(
      input({ businesses: ['b1'], ledger: { purchases: [p1, p2], releases: [release(3, p2)] }, numbers: [numberOf(p1), numberOf(p2, { status: 'released' })], appView: { b1: onboarded('+18285550101') } }),
    );
    expect(r.held).toBe(false);
    expect(r.violations[0]!.detail).toContain('+18285550102 (seq 2, released)');
  });

  it('ignores attempts that never committed (fail-before-commit, 503) and purchases of no business', () => {
    const failed = purchase(1, 'b1', '+18285550101', { committed: false, sid: null, fault: 'fail-before-commit' });
    const ok = purchase(2, 'b1', '+18285550102');
    const orphan = purchase(3, null, '+18285550103');
    const r = exactlyOnePurchase(input({ businesses: ['b1'], ledger: { purchases: [failed, ok, orphan], releases: [] }, appView: { b1: onboarded('+18285550102') } }));
    expect(r.held).toBe(true);
  });

  it('attributes by webhook when the FriendlyName is missing', () => {
    const p1 = purchase(1, 'b1', '+18285550101');
    const p2 = purchase(2, 'b1', '+18285550102', { friendlyName: 'Launch' });
    const r = exactlyOnePurchase(input({ businesses: ['b1'], ledger: { purchases: [p1, p2], releases: [] }, appView: { b1: onboarded('+18285550101') } }));
    expect(r.violations.map((v) => v.ledger)).toEqual([[1, 2]]);
  });

  it('breaks when a purchase committed but the business is not onboarded (the dropped response of the incident)', () => {
    const dropped = op({ id: 7, businessId: 'b1', status: null, error: 'ECONNRESET', invokeNs: '100', completeNs: '140' });
    const p = purchase(1, 'b1', '+18285550101', { receivedAtNs: '120', response: 'dropped', fault: 'commit-then-drop' });
    const r = exactlyOnePurchase(input({ businesses: ['b1'], history: [dropped], ledger: { purchases: [p], releases: [] }, appView: { b1: notOnboarded } }));
    expect(r.violations).toEqual([
      {
        businessId: 'b1',
        detail: '1 committed purchase, +18285550101 (seq 1, commit-then-drop), but the business is not onboarded (status failed)',
        operations: [7],
        ledger: [1],
      },
    ]);
  });

  it('names the last request before a purchase when no request was in flight (the app went on after the client gave up)', () => {
    const aborted = op({ id: 1, businessId: 'b1', status: null, error: 'aborted', invokeNs: '100', completeNs: '110' });
    const later = op({ id: 2, businessId: 'b1', status: 409, invokeNs: '500', completeNs: '510' });
    const p1 = purchase(1, 'b1', '+18285550101', { receivedAtNs: '300' });
    const p2 = purchase(2, 'b1', '+18285550102', { receivedAtNs: '305' });
    const r = exactlyOnePurchase(input({ businesses: ['b1'], history: [aborted, later], ledger: { purchases: [p1, p2], releases: [] }, appView: { b1: onboarded('+18285550101') } }));
    expect(r.violations[0]!.operations).toEqual([1]);
  });

  it('breaks when the app shows a number nobody bought for it', () => {
    const r = exactlyOnePurchase(input({ businesses: ['b1'], history: [ok200('b1', '+15550000000', { id: 9 })], appView: { b1: onboarded('+15550000000') } }));
    expect(r.violations).toEqual([
      { businessId: 'b1', detail: 'the app shows +15550000000 but no committed purchase is attributed to the business', operations: [9], ledger: [] },
    ]);
  });

  it('with an unreadable app view, judges only what is provable and says so', () => {
    const p = purchase(1, 'b1', '+18285550101');
    const r = exactlyOnePurchase(input({ businesses: ['b1'], ledger: { purchases: [p], releases: [] }, appView: { b1: null } }));
    expect(r.held).toBe(true);
    expect(r.reason).toContain('unreadable for 1 business');
  });

  it('is not evaluated when the caller says so', () => {
    const r = exactlyOnePurchase(input({ businesses: ['b1'], evaluate: { EXACTLY_ONE_PURCHASE: 'ledger unavailable' } }));
    expect(r).toEqual({ code: 'EXACTLY_ONE_PURCHASE', held: null, reason: 'ledger unavailable', violations: [] });
  });
});
