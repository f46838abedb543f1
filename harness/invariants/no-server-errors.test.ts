import { describe, expect, it } from 'vitest';
import { input, ok200, op } from './hand-made-history.ts';
import { noServerErrors } from './no-server-errors.ts';

describe('NO_SERVER_ERRORS', () => {
  it('holds with no 500 and only crashes the scenario caused itself', () => {
    const history = [ok200('b1', '+18285550101'), op({ businessId: 'b1', status: 503, body: { code: 'DATABASE_UNAVAILABLE' } }), op({ businessId: 'b1', status: null, error: 'ECONNRESET', instance: 1 })];
    const r = noServerErrors(input({ businesses: ['b1'], history, crashes: [{ instance: 1, expected: true, detail: 'SIGKILL while the purchase was paused' }] }));
    expect(r.held).toBe(true);
  });

  it('breaks on each 500, naming that one operation', () => {
    const history = [ok200('b1', '+18285550101', { id: 1 }), op({ id: 2, businessId: 'b1', status: 500, body: { success: false, code: 'INTERNAL' }, instance: 2 })];
    const r = noServerErrors(input({ businesses: ['b1'], history }));
    expect(r.violations).toEqual([{ businessId: 'b1', detail: 'POST /api/businesses/b1/complete-onboarding answered 500 (INTERNAL) on instance 2', operations: [2], ledger: [] }]);
  });

  it('breaks on a crash nobody planned, with the requests it cut off', () => {
    const history = [
      op({ id: 1, businessId: 'b1', status: null, error: 'ECONNRESET', instance: 0 }),
      op({ id: 2, businessId: 'b1', status: null, error: 'aborted', instance: 0, fault: 'client-abort' }),
      op({ id: 3, businessId: 'b1', status: null, error: 'ECONNRESET', instance: 1 }),
    ];
    const r = noServerErrors(input({ businesses: ['b1'], history, crashes: [{ instance: 0, expected: false, detail: 'exited with code 1' }] }));
    expect(r.violations).toEqual([{ businessId: null, detail: 'target instance 0 crashed unexpectedly: exited with code 1', operations: [1], ledger: [] }]);
  });
});
