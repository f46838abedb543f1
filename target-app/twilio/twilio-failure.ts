// What a failed Twilio call means for the purchase it may have made. The distinction drives
// recovery: a *rejected* or *unreachable* call bought nothing, an *ambiguous* one (timeout,
// connection reset, 5xx other than 503) may have bought a number we never heard about.

export type TwilioFailureKind = 'rejected' | 'unreachable' | 'ambiguous';

export class TwilioFailure extends Error {
  constructor(
    readonly kind: TwilioFailureKind,
    message: string,
    readonly status: number | null = null,
    readonly twilioCode: number | null = null,
  ) {
    super(message);
    this.name = 'TwilioFailure';
  }

  /** Twilio's "no numbers in this area code" family: a final answer for this request. */
  get isInvalidAreaCode(): boolean {
    return this.twilioCode === 21451 || this.twilioCode === 21452 || this.twilioCode === 21422;
  }
}

/** The request never left this machine or was refused before reaching Twilio's application. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The SDK's RestException: Twilio answered with its error envelope (`status`, `code`). */
interface TwilioRestError {
  status: number;
  code?: number;
  message: string;
}

function isRestException(error: unknown): error is TwilioRestError {
  // Duck-typed: the SDK's RestException is a CommonJS default export, and network errors
  // (axios) carry `isAxiosError` but never a numeric status here, as the SDK accepts every status.
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number' && !('isAxiosError' in error);
}

export function classifyTwilioError(error: unknown): TwilioFailure {
  if (error instanceof TwilioFailure) return error;
  if (isRestException(error)) {
    // 503 and 429 are refusals before any work; a 500/502/504 may hide a committed purchase.
    const refused = error.status < 500 || error.status === 503;
    return new TwilioFailure(refused ? 'rejected' : 'ambiguous', `Twilio ${error.status} ${error.code ?? ''} ${error.message}`.trim(), error.status, error.code ?? null);
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return new TwilioFailure('unreachable', `${code}: ${message}`);
  return new TwilioFailure('ambiguous', typeof code === 'string' ? `${code}: ${message}` : message);
}
