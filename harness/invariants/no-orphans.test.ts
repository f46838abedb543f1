import { describe, expect, it } from 'vitest';
import { input, notOnboarded, numberOf, onboarded, op, purchase, release } from './hand-made-history.ts';
import { noOrphans } from './no-orphans.ts';

describe('NO_ORPHANS', () => {
  it('holds when every active number is referenced by its business; released numbers do not count', () => {
    const p1 = purchase(1, 'b1', '+18285550101');
    const gone = purchase(2, 'b1', '+18285550102');
    const r = noOrphans(
      input({
        businesses: ['b1', 'quiet'],
        ledger: { purchases: [p1, gone], releases: [release(3, gone)] },
        numbers: [numberOf(p1), numberOf(gone, { status: 'released' })],
        appView: { b1: onboarded('+18285550101'), quiet: notOnboarded },
      }),
    );
    expect(r.held).toBe(true);
  });

  it('breaks on the incident: numbers that exist only at Twilio, grouped by business', () => {
    const attempts = [1, 2, 3, 4, 5].map((seq) =>
      purchase(seq, 'toms-garage', `+1828555010${seq}`, { receivedAtNs: String(seq * 1000 + 50), fault: seq < 5 ? 'commit-then-drop' : null }),
    );
    const history = [1, 2, 3, 4, 5].map((i) =>
      op({ id: i, businessId: 'toms-garage', invokeNs: String(i * 1000), completeNs: String(i * 1000 + 100), status: i < 5 ? 503 : 200 }),
    );
    const r = noOrphans(
      input({ businesses: ['toms-garage'], history, ledger: { purchases: attempts, releases: [] }, numbers: attempts.map((p) => numberOf(p)), appView: { 'toms-garage': onboarded('+18285550105') } }),
    );
    expect(r.violations).toEqual([
      {
        businessId: 'toms-garage',
        detail:
          '4 active number(s) attributed to the business that the app does not reference (it shows +18285550105): +18285550101 (seq 1), +18285550102 (seq 2), +18285550103 (seq 3), +18285550104 (seq 4)',
        operations: [1, 2, 3, 4],
        ledger: [1, 2, 3, 4],
      },
    ]);
  });

  it('breaks on an unattributable active number, with its ledger entry', () => {
    const p = purchase(7, null, '+18285550199', { friendlyName: 'test number' });
    const r = noOrphans(input({ businesses: ['b1'], ledger: { purchases: [p], releases: [] }, numbers: [numberOf(p)], appView: { b1: notOnboarded } }));
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ businessId: null, ledger: [7], operations: [] });
    expect(r.violations[0]!.detail).toMatch(/^active number \+18285550199 \(seq 7\) is attributed to no business/);
  });

  it('attributes by webhook when the tag is missing, so a referenced number is not an orphan', () => {
    const p = purchase(1, 'b1', '+18285550101', { friendlyName: '' });
    expect(noOrphans(input({ businesses: ['b1'], numbers: [numberOf(p)], appView: { b1: onboarded('+18285550101') } })).held).toBe(true);
  });

  it('breaks when a business that is not onboarded holds an active number', () => {
    const p = purchase(1, 'b1', '+18285550101');
    const r = noOrphans(input({ businesses: ['b1'], numbers: [numberOf(p)], ledger: { purchases: [p], releases: [] }, appView: { b1: notOnboarded } }));
    expect(r.violations[0]!.detail).toContain('(it has no number)');
  });
});
