// Idempotency-Key handling for the test targets, correct by default, with one seam per defect
// that a planted-defect target switches on. The correct handling:
// - a key is 1–255 printable ASCII characters, else 400 INVALID_IDEMPOTENCY_KEY, before anything;
// - it is claimed atomically (INSERT … ON CONFLICT DO NOTHING on (owner, key)) before the work;
// - its fingerprint is the business and the body, so another business or body is 422;
// - a claim whose answer is not in yet is 409 ONBOARDING_IN_PROGRESS;
// - only final answers (200, 400, 403, 404, 422) are kept and replayed; any other answer
//   gives the key up, so a retry runs again.
import { createHash } from 'node:crypto';
import { HttpError, httpErrorOf } from '../target-errors.mjs';

const KEY = /^[\x21-\x7e]{1,255}$/;
const FINAL = new Set([200, 400, 403, 404, 422]);
const RETRY_AFTER_MS = 500;

const correct = {
  /** Refuses malformed keys. */
  validates: true,
  /** Claims the key before the work (else: looks it up, works, then inserts it — check-then-insert). */
  claimsFirst: true,
  /** Puts the business into the fingerprint. */
  scopesToBusiness: true,
  /** Puts the body into the fingerprint. */
  fingerprintsBody: true,
  /** Keeps only final answers (else every answer, 503 included). */
  keepsOnlyFinal: true,
  /** Replays a completed key's answer (else runs the request again). */
  replays: true,
};

export async function createKeyTable(client) {
  await client.query(`CREATE TABLE IF NOT EXISTS idempotency_keys (
    owner_id uuid NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    status int,
    body jsonb,
    PRIMARY KEY (owner_id, key))`);
}

/** Wraps an onboarding `({ pool, business, areaCode, … }) => answer` with Idempotency-Key handling. */
export function withIdempotencyKey(onboarding, seams = {}) {
  const plan = { ...correct, ...seams };
  return async (deps) => {
    const key = deps.idempotencyKey;
    if (key === undefined) return onboarding(deps);
    if (plan.validates && !KEY.test(key)) throw new HttpError(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-255 printable ASCII characters');
    const owner = deps.business.owner_id;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify({ business: plan.scopesToBusiness ? deps.business.id : null, areaCode: plan.fingerprintsBody ? deps.areaCode : null }))
      .digest('hex');
    const run = () => answerOf(() => onboarding(deps));
    const keep = (answer) => (plan.keepsOnlyFinal ? FINAL.has(answer.status) : true);

    if (!plan.claimsFirst) {
      // The defect: between this look-up and the insert below lies the whole onboarding.
      const seen = await lookUp(deps.pool, owner, key);
      if (seen) return fromStored(seen, fingerprint, run);
      const answer = await run();
      if (keep(answer)) {
        await deps.pool.query(
          'INSERT INTO idempotency_keys (owner_id, key, fingerprint, status, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
          [owner, key, fingerprint, answer.status, JSON.stringify(answer.body)],
        );
      }
      return answer;
    }

    const claimed = await deps.pool.query(
      'INSERT INTO idempotency_keys (owner_id, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [owner, key, fingerprint],
    );
    if (claimed.rowCount === 0) return fromStored(await lookUp(deps.pool, owner, key), fingerprint, run);
    const answer = await run();
    if (keep(answer)) {
      await deps.pool.query('UPDATE idempotency_keys SET status = $3, body = $4 WHERE owner_id = $1 AND key = $2', [owner, key, answer.status, JSON.stringify(answer.body)]);
    } else {
      await deps.pool.query('DELETE FROM idempotency_keys WHERE owner_id = $1 AND key = $2', [owner, key]);
    }
    return answer;
  };

  function fromStored(row, fingerprint, run) {
    if (!row) return run(); // given up between the claim and the look-up: run as new
    if (row.fingerprint !== fingerprint) throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for another request');
    if (row.status === null) throw new HttpError(409, 'ONBOARDING_IN_PROGRESS', 'the request with this key is still running', { retryAfterMs: RETRY_AFTER_MS });
    if (!plan.replays) return run();
    return { status: row.status, body: row.body, headers: { 'idempotent-replayed': 'true' } };
  }
}

async function lookUp(pool, owner, key) {
  const { rows } = await pool.query('SELECT fingerprint, status, body FROM idempotency_keys WHERE owner_id = $1 AND key = $2', [owner, key]);
  return rows[0] ?? null;
}

/** The answer the client gets, thrown errors included, so it can be kept (or given up). */
async function answerOf(work) {
  try {
    return await work();
  } catch (error) {
    const known = httpErrorOf(error);
    if (known === null) throw error;
    return known.response();
  }
}
