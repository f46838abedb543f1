import { describe, expect, it } from 'vitest';
import { isReplayable, requestHash } from './idempotency-keys.ts';

const request = { ownerId: 'o', key: 'k', businessId: 'b', areaCode: '828' };

describe('idempotency keys', () => {
  it('replays 200 and final 4xx only, never 409, 429 or 5xx (docs/target-contract.md)', () => {
    expect([200, 400, 403, 404, 422].every(isReplayable)).toBe(true);
    expect([401, 409, 429, 500, 503].some(isReplayable)).toBe(false);
  });
  it('hashes the business and the effective body, not the key or owner', () => {
    expect(requestHash(request)).toBe(requestHash({ ...request, key: 'other', ownerId: 'x' }));
    expect(requestHash(request)).not.toBe(requestHash({ ...request, areaCode: '415' }));
    expect(requestHash(request)).not.toBe(requestHash({ ...request, businessId: 'c' }));
  });
});
