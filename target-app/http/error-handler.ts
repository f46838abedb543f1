// The one place errors become responses. Everything a client, Twilio or the database
// connection can cause has a stable code; only our own bugs are a 500, and those are logged.
import type { ErrorRequestHandler, Response } from 'express';
import { AppError, databaseUnavailable, type Outcome } from '../errors.ts';
import { describeDatabaseError, isDatabaseUnavailable } from '../database/database-unavailable.ts';
import { failWithTwilio } from '../strategies/twilio-outcome.ts';

export function sendOutcome(res: Response, outcome: Outcome): void {
  for (const [name, value] of Object.entries(outcome.headers ?? {})) res.setHeader(name, value);
  res.status(outcome.status).json(outcome.body);
}

/** Maps any thrown value to the response the contract gives it. */
export function errorToOutcome(error: unknown, log: (line: string) => void): Outcome {
  const twilioMapped = failWithTwilio(error);
  if (twilioMapped instanceof AppError) return twilioMapped.toOutcome();
  if (isDatabaseUnavailable(error)) return databaseUnavailable(describeDatabaseError(error)).toOutcome();
  // body-parser's errors (too large, bad JSON, bad charset) carry a 4xx status and a type.
  const parserError = error as { type?: unknown; status?: unknown };
  if (typeof parserError.type === 'string' && typeof parserError.status === 'number' && parserError.status < 500) {
    return new AppError(400, 'INVALID_REQUEST_BODY', `The request body was rejected (${parserError.type}).`).toOutcome();
  }
  log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return new AppError(500, 'INTERNAL_ERROR', 'Internal error.').toOutcome();
}

export function createErrorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    sendOutcome(res, errorToOutcome(error, log));
  };
}
