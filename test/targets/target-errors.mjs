// Error answers of docs/target-contract.md (`{ success: false, code, message }`), and how the failures a
// target meets map onto them: Twilio failures → 503 TWILIO_UNAVAILABLE (or 400 for a bad area
// code), a lost database connection → 503 DATABASE_UNAVAILABLE. Anything else is left unmapped,
// so the server answers 500 — which is exactly what one planted defect relies on.

export class HttpError extends Error {
  constructor(status, code, message, extra = {}, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.headers = headers;
  }

  response() {
    return { status: this.status, body: { success: false, code: this.code, message: this.message, ...this.extra }, headers: this.headers };
  }
}

export const isHttpError = (error) => error instanceof HttpError;

export const twilioUnavailable = (why) => new HttpError(503, 'TWILIO_UNAVAILABLE', `Twilio failed: ${why}`, { retryable: true });
export const databaseUnavailable = (why) => new HttpError(503, 'DATABASE_UNAVAILABLE', `database failed: ${why}`, { retryable: true });

const LOST_CONNECTION = /Connection terminated|terminating connection|ECONNRESET|ECONNREFUSED|Client has encountered a connection error|not queryable/i;

/** Marks an error thrown by a Twilio SDK call, so the server can answer for it. */
export function twilioFailure(error) {
  const code = error?.code;
  if (code === 21451 || code === 21452) return new HttpError(400, 'INVALID_AREA_CODE', String(error.message));
  return twilioUnavailable(`${error?.status ?? ''} ${code ?? ''} ${error?.message ?? error}`.trim());
}

/** The §4.2 answer for a known failure, or null for a bug (answered 500). */
export function httpErrorOf(error) {
  if (error instanceof HttpError) return error;
  const pgCode = typeof error?.code === 'string' ? error.code : '';
  if (pgCode.startsWith('57P') || pgCode.startsWith('08') || LOST_CONNECTION.test(String(error?.message ?? ''))) {
    return databaseUnavailable(String(error?.message ?? error));
  }
  return null;
}
