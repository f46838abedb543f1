// Errors a client, Twilio or the database can cause, each with a stable code (docs/target-contract.md).
// Anything else is our bug and the only thing allowed to become a 500.

export type ErrorCode =
  | 'INVALID_BUSINESS_ID'
  | 'INVALID_AREA_CODE'
  | 'INVALID_IDEMPOTENCY_KEY'
  | 'INVALID_REQUEST_BODY'
  | 'MALFORMED_REQUEST'
  | 'REQUEST_HEADERS_TOO_LARGE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BUSINESS_NOT_FOUND'
  | 'NOT_FOUND'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'ONBOARDING_IN_PROGRESS'
  | 'RATE_LIMITED'
  | 'TWILIO_UNAVAILABLE'
  | 'DATABASE_UNAVAILABLE'
  | 'INTERNAL_ERROR';

/** What a handler answers: a status, a JSON body and optional headers. */
export interface Outcome {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra body fields, e.g. `retryAfterMs` or `retryable`. */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toOutcome(): Outcome {
    return { status: this.status, body: { success: false, code: this.code, message: this.message, ...this.extra }, headers: this.headers };
  }
}

export const inProgress = (retryAfterMs: number) =>
  new AppError(409, 'ONBOARDING_IN_PROGRESS', 'Onboarding is already in progress for this business; retry later.', {
    retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)),
  }, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) });

export const databaseUnavailable = (cause: string) =>
  new AppError(503, 'DATABASE_UNAVAILABLE', `The database is unavailable (${cause}); retry later.`, { retryable: true }, { 'Retry-After': '1' });

export const twilioUnavailable = (cause: string, retryAfterMs?: number) =>
  new AppError(503, 'TWILIO_UNAVAILABLE', `Twilio is unavailable (${cause}); the business can be retried.`,
    retryAfterMs === undefined ? { retryable: true } : { retryable: true, retryAfterMs: Math.ceil(retryAfterMs) },
    { 'Retry-After': String(retryAfterMs === undefined ? 1 : Math.max(1, Math.ceil(retryAfterMs / 1000))) });
