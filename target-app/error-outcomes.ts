// The one mapping from what can go wrong to what the client is told (docs/target-contract.md). Strategies
// throw what happened — an AppError, a TwilioFailure, a lost database connection — and the
// edge (or the idempotent strategy, to store a replayable answer) turns it into an Outcome.
import { AppError, databaseUnavailable, twilioUnavailable, type Outcome } from './errors.ts';
import { describeDatabaseError, isDatabaseUnavailable } from './database/database-unavailable.ts';
import { TwilioFailure } from './twilio/twilio-failure.ts';

/** The answer for an error a client, Twilio or the database can cause; null for our own bugs. */
export function knownErrorOutcome(error: unknown): Outcome | null {
  if (error instanceof AppError) return error.toOutcome();
  if (error instanceof TwilioFailure) {
    // Twilio's "no numbers in this area code" is final for this request; anything else is retryable.
    if (error.isInvalidAreaCode) return new AppError(400, 'INVALID_AREA_CODE', `Twilio has no numbers for this area code (${error.message}).`).toOutcome();
    return twilioUnavailable(error.message).toOutcome();
  }
  if (isDatabaseUnavailable(error)) return databaseUnavailable(describeDatabaseError(error)).toOutcome();
  // body-parser's errors (too large, bad JSON, bad charset) carry a 4xx status and a type.
  const parserError = error as { type?: unknown; status?: unknown } | null;
  if (typeof parserError?.type === 'string' && typeof parserError.status === 'number' && parserError.status < 500) {
    return new AppError(400, 'INVALID_REQUEST_BODY', `The request body was rejected (${parserError.type}).`).toOutcome();
  }
  return null;
}
