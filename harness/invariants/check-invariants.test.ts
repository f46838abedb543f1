import { describe, expect, it } from 'vitest';
import { checkInvariants } from './check-invariants.ts';
import { brokenCodes, INVARIANT_CODES } from '../../model/index.ts';
import { input, numberOf, ok200, onboarded, op, purchase } from './hand-made-history.ts';

describe('checkInvariants', () => {
  it('runs the seven invariants in the order of docs/invariants.md, all held on a clean run', () => {
    const p = purchase(1, 'b1', '+18285550101');
    const results = checkInvariants(
      input({ businesses: ['b1'], history: [ok200('b1', '+18285550101')], ledger: { purchases: [p], releases: [] }, numbers: [numberOf(p)], appView: { b1: onboarded('+18285550101') } }),
    );
    expect(results.map((r) => r.code)).toEqual([...INVARIANT_CODES]);
    expect(results.every((r) => r.held === true)).toBe(true);
    expect(brokenCodes(results)).toEqual([]);
  });

  it("a naive check-then-act race breaks what the expected matrix says it must: one duplicate, both 200s delivered", () => {
    const a = ok200('b1', '+18285550101', { id: 1, invokeNs: '100', completeNs: '400' });
    const b = ok200('b1', '+18285550102', { id: 2, invokeNs: '101', completeNs: '420' });
    const p1 = purchase(1, 'b1', '+18285550101', { receivedAtNs: '150' });
    const p2 = purchase(2, 'b1', '+18285550102', { receivedAtNs: '151' });
    const results = checkInvariants(
      input({ businesses: ['b1'], history: [a, b], ledger: { purchases: [p1, p2], releases: [] }, numbers: [numberOf(p1), numberOf(p2)], appView: { b1: onboarded('+18285550102') } }),
    );
    expect(brokenCodes(results)).toEqual(['EXACTLY_ONE_PURCHASE', 'DB_MATCHES_TWILIO', 'NO_ORPHANS', 'CONSISTENT_RESPONSES']);
  });

  it('codes the caller could not evaluate report held: null with the reason, and are not broken', () => {
    const results = checkInvariants(
      input({ businesses: ['b1'], history: [op({ businessId: 'b1', status: 500 })], evaluate: { NO_SERVER_ERRORS: 'skipped: external target' }, appView: { b1: null } }),
    );
    const skipped = results.find((r) => r.code === 'NO_SERVER_ERRORS')!;
    expect(skipped).toEqual({ code: 'NO_SERVER_ERRORS', held: null, reason: 'skipped: external target', violations: [] });
    expect(brokenCodes(results)).toEqual(['ALL_ONBOARDED']);
  });
});
