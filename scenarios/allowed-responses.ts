// The non-2xx answers docs/target-contract.md lets a target give: status → the error codes allowed with it.
// One table for the invariants (harness/invariants) and the k6 scripts, which may import only
// dependency-free modules of this folder. 500 is absent on purpose: it is judged by
// NO_SERVER_ERRORS alone, so one cause breaks one code.
export const ALLOWED_ERROR_CODES: Readonly<Record<number, readonly string[]>> = {
  400: ['INVALID_BUSINESS_ID', 'INVALID_AREA_CODE', 'INVALID_IDEMPOTENCY_KEY'],
  401: ['UNAUTHENTICATED'],
  403: ['FORBIDDEN'],
  404: ['BUSINESS_NOT_FOUND'],
  409: ['ONBOARDING_IN_PROGRESS'],
  422: ['IDEMPOTENCY_KEY_REUSED'],
  429: ['RATE_LIMITED'],
  503: ['TWILIO_UNAVAILABLE', 'DATABASE_UNAVAILABLE'],
};

export function isAllowedError(status: number, code: string | null): boolean {
  const codes = ALLOWED_ERROR_CODES[status];
  return codes !== undefined && code !== null && codes.includes(code);
}
