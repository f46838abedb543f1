// Where errors become responses. Only our own bugs are a 500, and those are logged.
import type { ErrorRequestHandler, Response } from 'express';
import { AppError, type Outcome } from '../errors.ts';
import { knownErrorOutcome } from '../error-outcomes.ts';

export function sendOutcome(res: Response, outcome: Outcome): void {
  for (const [name, value] of Object.entries(outcome.headers ?? {})) res.setHeader(name, value);
  res.status(outcome.status).json(outcome.body);
}

export function createErrorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const known = knownErrorOutcome(error);
    if (!known) log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    sendOutcome(res, known ?? new AppError(500, 'INTERNAL_ERROR', 'Internal error.').toOutcome());
  };
}
