import { describe, expect, it } from 'vitest';
import { parseBusinessId, parseIdempotencyKey, parseOnboardingBody } from './request-validation.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('request validation', () => {
  it('accepts UUIDs only as business ids (SQL in a parameter never reaches the database)', () => {
    expect(parseBusinessId('0B6F1C7E-8A4D-4E0B-9F3A-2C1D5E6F7A8B')).toBe('0b6f1c7e-8a4d-4e0b-9f3a-2c1d5e6f7a8b');
    expect(parseBusinessId('12345678-1234-1234-1234-123456789012')).toBe('12345678-1234-1234-1234-123456789012'); // not RFC 9562, still a uuid to PostgreSQL
    for (const bad of ['42', "1' OR '1'='1", '0b6f1c7e-8a4d-4e0b-9f3a-2c1d5e6f7a8b; DROP TABLE businesses', '']) {
      expect(codeOf(() => parseBusinessId(bad))).toBe('INVALID_BUSINESS_ID');
    }
  });

  it('reads an optional three-digit area code', () => {
    expect(parseOnboardingBody(undefined)).toBeNull();
    expect(parseOnboardingBody({})).toBeNull();
    expect(parseOnboardingBody({ areaCode: '828' })).toBe('828');
    expect(codeOf(() => parseOnboardingBody({ areaCode: 828 }))).toBe('INVALID_AREA_CODE');
    expect(codeOf(() => parseOnboardingBody({ areaCode: '082' }))).toBe('INVALID_AREA_CODE');
    expect(codeOf(() => parseOnboardingBody([1]))).toBe('INVALID_REQUEST_BODY');
  });

  it('accepts 1-255 printable ASCII characters as an Idempotency-Key', () => {
    expect(parseIdempotencyKey(undefined)).toBeNull();
    expect(parseIdempotencyKey('onboarding-1-1718245463000')).toBe('onboarding-1-1718245463000');
    for (const bad of ['', 'has space', 'x'.repeat(256), 'clé']) expect(codeOf(() => parseIdempotencyKey(bad))).toBe('INVALID_IDEMPOTENCY_KEY');
  });
});
