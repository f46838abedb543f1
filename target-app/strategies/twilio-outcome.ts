// How a Twilio failure is answered: a bad area code is the client's final 400; anything else
// Twilio causes is 503 TWILIO_UNAVAILABLE, retryable.
import { AppError, twilioUnavailable } from '../errors.ts';
import { TwilioFailure } from '../twilio/twilio-failure.ts';

export function failWithTwilio(error: unknown, retryAfterMs?: number): unknown {
  if (!(error instanceof TwilioFailure)) return error;
  if (error.isInvalidAreaCode) return new AppError(400, 'INVALID_AREA_CODE', `Twilio has no numbers for this area code (${error.message}).`);
  return twilioUnavailable(error.message, retryAfterMs);
}
