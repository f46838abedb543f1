// Input checks at the edge, before any database work: a business id that is not a UUID (SQL
// in a parameter included), a malformed body or key is a 400 with a stable code.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.ts';

/** Any 8-4-4-4-12 hex id, as PostgreSQL's uuid type accepts: a well-formed unknown id is a 404, not a 400. */
const businessIdSchema = z.guid();
/** NANP area code: three digits, not starting with 0 or 1. */
const areaCodeSchema = z.string().regex(/^[2-9]\d{2}$/);
/** Printable ASCII, as the IETF Idempotency-Key draft and Stripe allow, at most 255 characters. */
const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/);

export const invalidBusinessId = () => new AppError(400, 'INVALID_BUSINESS_ID', 'The business id must be a UUID.');

export function parseBusinessId(value: unknown): string {
  const parsed = businessIdSchema.safeParse(value);
  if (!parsed.success) throw invalidBusinessId();
  return parsed.data.toLowerCase();
}

/**
 * Runs after the body parser: a request whose body never arrived whole (the framing broke, the
 * client went away) is refused before it can buy anything. Node's parser may already have
 * dispatched the request when the body breaks, and the body parser then sees no body at all.
 */
export const requireCompleteRequest: RequestHandler = (req, _res, next) => {
  if (!req.complete) throw new AppError(400, 'MALFORMED_REQUEST', 'The request body did not arrive completely.');
  next();
};

/** The router's error for a path parameter whose percent-escapes do not decode (`%ZZ`). */
export function isMalformedPathEscape(error: unknown): boolean {
  return error instanceof URIError && (error as { status?: unknown }).status === 400;
}

/** The optional JSON body `{ "areaCode": "828" }`; returns the area code or null. */
export function parseOnboardingBody(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  if (typeof body !== 'object' || Array.isArray(body)) throw new AppError(400, 'INVALID_REQUEST_BODY', 'The body must be a JSON object.');
  const areaCode = (body as { areaCode?: unknown }).areaCode;
  if (areaCode === undefined) return null;
  const parsed = areaCodeSchema.safeParse(areaCode);
  if (!parsed.success) throw new AppError(400, 'INVALID_AREA_CODE', 'areaCode must be a three-digit area code such as "828".');
  return parsed.data;
}

export function parseIdempotencyKey(value: string | undefined): string | null {
  if (value === undefined) return null;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (!parsed.success) throw new AppError(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-255 printable ASCII characters.');
  return parsed.data;
}

/** Strict: a misspelt field (`sharedowner`) is a 400, never a silently different fixture. */
export const fixturesRequestSchema = z.strictObject({
  count: z.number().int().min(1).max(1_000),
  areaCode: areaCodeSchema,
  names: z.array(z.string().min(1).max(200)).optional(),
  /** All businesses belong to one owner and share one token (cross-business checks). */
  sharedOwner: z.boolean().optional(),
});
