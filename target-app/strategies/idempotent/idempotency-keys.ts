// The Idempotency-Key table: a replay cache of final answers, per owner and key, for 24 h.
// It is a courtesy to clients, never the guard against double purchases (the claim is):
// a client that sends no key, or a new key per click, is exactly as safe.
import { createHash } from 'node:crypto';
import type { Outcome } from '../../errors.ts';
import type { Pool } from '../../database/pool.ts';

export const KEY_TTL_HOURS = 24;

/** Only answers that will not change on retry are replayed; never 409, 429 or 503. */
export const isReplayable = (status: number) => status === 200 || status === 400 || status === 403 || status === 404 || status === 422;

export type Reservation =
  | { kind: 'new' }
  | { kind: 'running' }
  | { kind: 'replay'; outcome: Outcome }
  | { kind: 'mismatch' };

export interface KeyedRequest {
  ownerId: string;
  key: string;
  businessId: string;
  areaCode: string;
}

/** What makes two requests "the same request" for a key: the business and the effective body. */
export const requestHash = (request: KeyedRequest) =>
  createHash('sha256').update(JSON.stringify({ businessId: request.businessId, areaCode: request.areaCode })).digest('hex');

/**
 * Reserves the key for this request, or tells what an earlier use of it left: a replayable
 * answer, a request still running (it then runs again; the claim keeps that safe), or a
 * different request under the same key. An expired key is taken over as if new.
 */
export async function reserveKey(pool: Pool, request: KeyedRequest): Promise<Reservation> {
  const hash = requestHash(request);
  const inserted = await pool.query(
    `INSERT INTO idempotency_keys (owner_id, key, business_id, request_hash, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => ${KEY_TTL_HOURS}))
     ON CONFLICT (owner_id, key) DO UPDATE
        SET business_id = EXCLUDED.business_id, request_hash = EXCLUDED.request_hash, response_status = NULL,
            response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
      WHERE idempotency_keys.expires_at <= now()`,
    [request.ownerId, request.key, request.businessId, hash],
  );
  if (inserted.rowCount === 1) return { kind: 'new' };
  const { rows } = await pool.query<{ business_id: string; request_hash: string; response_status: number | null; response_body: Record<string, unknown> | null }>(
    'SELECT business_id, request_hash, response_status, response_body FROM idempotency_keys WHERE owner_id = $1 AND key = $2',
    [request.ownerId, request.key],
  );
  const row = rows[0];
  if (!row) return reserveKey(pool, request); // expired and purged between the two statements
  if (row.business_id !== request.businessId || row.request_hash !== hash) return { kind: 'mismatch' };
  if (row.response_status === null || row.response_body === null) return { kind: 'running' };
  return { kind: 'replay', outcome: { status: row.response_status, body: row.response_body, headers: { 'Idempotent-Replayed': 'true' } } };
}

/** Stores a replayable answer for the key; other answers leave it open for a retry. */
export async function storeKeyOutcome(pool: Pool, request: KeyedRequest, outcome: Outcome): Promise<void> {
  if (!isReplayable(outcome.status)) return;
  await pool.query(
    `UPDATE idempotency_keys SET response_status = $3, response_body = $4
      WHERE owner_id = $1 AND key = $2 AND request_hash = $5 AND response_status IS NULL`,
    [request.ownerId, request.key, outcome.status, JSON.stringify(outcome.body), requestHash(request)],
  );
}

/** Removes expired keys; called periodically so the table stays small. */
export async function purgeExpiredKeys(pool: Pool): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM idempotency_keys WHERE expires_at <= now()');
  return rowCount ?? 0;
}
