// Errors as Twilio sends them: `{ code, message, more_info, status }` with the HTTP status, so
// the SDK raises its RestException with the same `status` and `code` as against the real API.

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** For 429: the Retry-After header, in seconds. */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }

  toBody(): TwilioErrorBody {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
  }
}

// Codes are Twilio's where Twilio documents one for the case; the ones the fake adds for HTTP-level
// problems Twilio answers without a documented code (413, 415, 431, 405) reuse the HTTP status in the 20xxx range.
export const errors = {
  unauthenticated: () => new TwilioApiError(401, 20003, 'Authentication Error - invalid username'),
  notFound: (what: string) => new TwilioApiError(404, 20404, `The requested resource ${what} was not found`),
  methodNotAllowed: (method: string, path: string) => new TwilioApiError(405, 20004, `Method ${method} not allowed on ${path}`),
  tooManyRequests: (retryAfterS: number) => new TwilioApiError(429, 20429, 'Too Many Requests', retryAfterS),
  serverError: (status: 500 | 503) =>
    new TwilioApiError(status, status === 503 ? 20503 : 20500, status === 503 ? 'Service Unavailable' : 'Internal Server Error'),
  invalidParameter: (message: string) => new TwilioApiError(400, 20001, message),
  missingParameter: (message: string) => new TwilioApiError(400, 20001, message),
  headersTooLarge: (limit: number) => new TwilioApiError(431, 20431, `Request line and headers larger than ${limit} bytes: send a shorter URL or fewer headers`),
  payloadTooLarge: (limit: number) => new TwilioApiError(413, 20413, `Request body larger than ${limit} bytes`),
  unsupportedMediaType: (got: string) =>
    new TwilioApiError(415, 20415, `Content-Type ${JSON.stringify(got)} is not supported: send application/x-www-form-urlencoded`),
  invalidPhoneNumber: (value: string) => new TwilioApiError(400, 21421, `PhoneNumber ${value} is invalid`),
  numberNotAvailable: (value: string) => new TwilioApiError(400, 21422, `Phone number ${value} is not available`),
  invalidAreaCode: (value: string) => new TwilioApiError(400, 21451, `AreaCode ${value} is not a valid North American area code`),
  noNumbersInAreaCode: (value: string) => new TwilioApiError(400, 21452, `No phone numbers found in area code ${value}`),
} as const;
