import { describe, expect, it } from 'vitest';
import { decideClaim } from './attempt-claims.ts';

describe('decideClaim', () => {
  it('answers the recorded number before anything else', () => {
    expect(decideClaim({ phoneNumber: '+18285550100', leaseRemainingMs: 5_000 })).toEqual({ kind: 'complete', phoneNumber: '+18285550100' });
  });
  it('reports an attempt in progress while its lease runs, with the time left', () => {
    expect(decideClaim({ phoneNumber: null, leaseRemainingMs: 1_200 })).toEqual({ kind: 'in-progress', retryAfterMs: 1_200 });
  });
  it('claims when there is no lease or it has run out', () => {
    expect(decideClaim({ phoneNumber: null, leaseRemainingMs: 0 })).toBe('claim');
  });
  it('reports a missing business', () => {
    expect(decideClaim(undefined)).toEqual({ kind: 'not-found' });
  });
});
