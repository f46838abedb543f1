import { describe, expect, it } from 'vitest';
import { decideClaim } from './attempt-claims.ts';

const row = (over: Partial<Parameters<typeof decideClaim>[0] & object> = {}) => ({ phoneNumber: null, leaseRemainingMs: 0, attemptId: null, fence: '3', ...over });

describe('decideClaim', () => {
  it('answers the recorded number before anything else', () => {
    expect(decideClaim(row({ phoneNumber: '+18285550100', leaseRemainingMs: 5_000 }))).toEqual({ kind: 'complete', phoneNumber: '+18285550100' });
  });
  it('reports an attempt in progress while its lease runs, with the time left', () => {
    expect(decideClaim(row({ leaseRemainingMs: 1_200, attemptId: 'other' }), 'mine')).toEqual({ kind: 'in-progress', retryAfterMs: 1_200 });
  });
  it('claims when there is no lease or it has run out', () => {
    expect(decideClaim(row())).toBe('claim');
  });
  it('recognises its own claim whose commit reply was lost, while the lease runs', () => {
    expect(decideClaim(row({ leaseRemainingMs: 900, attemptId: 'mine' }), 'mine')).toEqual({ kind: 'claimed', fence: '3' });
    expect(decideClaim(row({ leaseRemainingMs: 0, attemptId: 'mine' }), 'mine')).toBe('claim');
  });
  it('reports a missing business', () => {
    expect(decideClaim(undefined)).toEqual({ kind: 'not-found' });
  });
});
