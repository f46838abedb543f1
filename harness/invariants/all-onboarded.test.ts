import { describe, expect, it } from 'vitest';
import { allOnboarded } from './all-onboarded.ts';
import { input, notOnboarded, ok200, onboarded, op } from './hand-made-history.ts';

describe('ALL_ONBOARDED', () => {
  it('holds when every business has a number after the settle step', () => {
    const r = allOnboarded(input({ businesses: ['b1', 'b2'], appView: { b1: onboarded('+18285550101'), b2: onboarded('+18285550102') } }));
    expect(r).toEqual({ code: 'ALL_ONBOARDED', held: true, reason: null, violations: [] });
  });

  it('breaks for a business left without a number, showing the settle attempts and the last answer', () => {
    const body = { success: false, code: 'RATE_LIMITED', message: 'slow down' };
    const history = [
      ok200('b2', '+18285550102', { id: 1 }),
      op({ id: 2, businessId: 'b1', status: 503, body: { success: false, code: 'TWILIO_UNAVAILABLE' } }),
      op({ id: 3, businessId: 'b1', client: 'settle', status: 429, body }),
      op({ id: 4, businessId: 'b1', client: 'settle', status: 429, body }),
    ];
    const r = allOnboarded(input({ businesses: ['b1', 'b2'], history, appView: { b1: notOnboarded, b2: onboarded('+18285550102') } }));
    expect(r.violations).toEqual([
      { businessId: 'b1', detail: 'not onboarded after the settle step (status failed); 2 settle attempt(s), last answer: 429 RATE_LIMITED', operations: [3, 4], ledger: [] },
    ]);
  });

  it('breaks for a business with no traffic at all, and for one whose view could not be read', () => {
    const history = [op({ id: 9, businessId: 'b2', status: null, error: 'ECONNRESET' })];
    const r = allOnboarded(input({ businesses: ['quiet', 'b2'], history, appView: { quiet: notOnboarded, b2: null } }));
    expect(r.violations.map((v) => [v.businessId, v.detail, v.operations])).toEqual([
      ['quiet', 'not onboarded after the settle step (status failed); 0 settle attempt(s), no onboarding request was recorded', []],
      ['b2', 'its view could not be read after the settle step; 0 settle attempt(s), last answer: ECONNRESET', [9]],
    ]);
  });

  it('is not evaluated when the settle step did not run', () => {
    const r = allOnboarded(input({ businesses: ['b1'], settle: { ran: false, reason: 'the scenario errored before settling' }, appView: { b1: notOnboarded } }));
    expect(r).toEqual({ code: 'ALL_ONBOARDED', held: null, reason: 'the scenario errored before settling', violations: [] });
  });
});
