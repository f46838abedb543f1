import { describe, expect, it } from 'vitest';
import { consistentResponses } from './consistent-responses.ts';
import { input, notOnboarded, ok200, onboarded, op, purchase } from './hand-made-history.ts';

const error = (status: number, code: string | null, fields = {}) => ({
  status,
  body: code === null ? { message: 'boom' } : { success: false, code, message: 'x' },
  ...fields,
});

describe('CONSISTENT_RESPONSES', () => {
  it('holds for 200s naming the final number and the errors docs/target-contract.md lists', () => {
    const history = [
      ok200('b1', '+18285550101', { id: 1 }),
      ok200('b1', '+18285550101', { id: 2, body: { success: true, phoneNumber: '+18285550101', alreadyComplete: true } }),
      op({ id: 3, businessId: 'b1', ...error(409, 'ONBOARDING_IN_PROGRESS') }),
      op({ id: 4, businessId: 'b1', ...error(429, 'RATE_LIMITED') }),
      op({ id: 5, businessId: 'b1', ...error(503, 'TWILIO_UNAVAILABLE') }),
      op({ id: 6, businessId: 'b1', ...error(503, 'DATABASE_UNAVAILABLE') }),
      op({ id: 7, businessId: 'b1', status: null, error: 'timeout' }),
      op({ id: 8, businessId: 'b1', method: 'GET', client: 'read', status: 200, body: { id: 'b1', phoneNumber: null, onboardingStatus: 'pending' } }),
      op({ id: 9, businessId: 'b1', ...error(500, 'INTERNAL') }),
    ];
    const r = consistentResponses(input({ businesses: ['b1', 'quiet'], history, appView: { b1: onboarded('+18285550101'), quiet: notOnboarded } }));
    expect(r).toEqual({ code: 'CONSISTENT_RESPONSES', held: true, reason: null, violations: [] });
  });

  it('breaks when two 200s name different numbers, pointing at the ones that are not final', () => {
    const history = [ok200('b1', '+18285550101', { id: 1 }), ok200('b1', '+18285550102', { id: 2 }), ok200('b1', '+18285550101', { id: 3 })];
    const ledger = { purchases: [purchase(1, 'b1', '+18285550101'), purchase(2, 'b1', '+18285550102')], releases: [] };
    const r = consistentResponses(input({ businesses: ['b1'], history, ledger, appView: { b1: onboarded('+18285550102') } }));
    expect(r.violations).toEqual([
      {
        businessId: 'b1',
        detail: "200 responses named +18285550101 (ops 1, 3) and +18285550102 (op 2); the app's final view has +18285550102",
        operations: [1, 3],
        ledger: [1],
      },
    ]);
  });

  it('breaks when a client was told a number the app does not have at the end', () => {
    const r = consistentResponses(input({ businesses: ['b1'], history: [ok200('b1', '+18285550101', { id: 4 })], appView: { b1: notOnboarded } }));
    expect(r.violations[0]).toMatchObject({ operations: [4] });
    expect(r.violations[0]!.detail).toContain('has no number');
  });

  it("breaks on memory-dedupe's 200 that names no number", () => {
    const dedupe = op({ id: 5, businessId: 'b1', key: 'k', status: 200, body: { success: true, message: 'Request already processed' } });
    const r = consistentResponses(input({ businesses: ['b1'], history: [ok200('b1', '+18285550101', { id: 4 }), dedupe], appView: { b1: onboarded('+18285550101') } }));
    expect(r.violations).toEqual([
      { businessId: 'b1', detail: '1 200 response(s) named no phone number ("Request already processed")', operations: [5], ledger: [] },
    ]);
  });

  it('breaks on statuses or codes §4.2 does not list, grouped per status and code', () => {
    const history = [
      op({ id: 1, businessId: 'b1', ...error(409, 'CONFLICT') }),
      op({ id: 2, businessId: 'b1', ...error(409, 'CONFLICT') }),
      op({ id: 3, businessId: 'b1', ...error(502, null) }),
      op({ id: 4, businessId: 'b1', ...error(429, 'ONBOARDING_IN_PROGRESS') }),
    ];
    const r = consistentResponses(input({ businesses: ['b1'], history, appView: { b1: null } }));
    expect(r.violations.map((v) => [v.detail, v.operations])).toEqual([
      ['2 response(s) 409 with code CONFLICT, which docs/target-contract.md does not list', [1, 2]],
      ['1 response(s) 502 without a code, which docs/target-contract.md does not list', [3]],
      ['1 response(s) 429 with code ONBOARDING_IN_PROGRESS, which docs/target-contract.md does not list', [4]],
    ]);
  });

  it('with the final view unreadable, still requires the 200s to agree', () => {
    const history = [ok200('b1', '+18285550101', { id: 1 }), ok200('b1', '+18285550102', { id: 2 })];
    expect(consistentResponses(input({ businesses: ['b1'], history, appView: { b1: null } })).violations[0]).toMatchObject({ operations: [1, 2] });
    expect(consistentResponses(input({ businesses: ['b1'], history: history.slice(0, 1), appView: { b1: null } })).held).toBe(true);
  });
});
