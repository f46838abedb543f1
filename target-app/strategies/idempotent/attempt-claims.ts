// The claim that lets one attempt at a time talk to Twilio for a business, kept in the
// businesses row so it holds across processes and restarts:
// - claim: a short transaction that takes the row lock only to bump `attempt_fence` and set
//   a lease; no connection is held while Twilio is called.
// - finish: records the number only if the fence is still ours, so an attempt that outlived
//   its lease cannot overwrite a newer attempt's result.
// - abandon: ends our attempt; the lease is kept when the purchase's fate is unknown, so no
//   new purchase starts while the old one might still land.
import { randomUUID } from 'node:crypto';
import { retryOnLostConnection, withTransaction, type Pool } from '../../database/pool.ts';

export type Claim =
  | { kind: 'claimed'; fence: string }
  | { kind: 'complete'; phoneNumber: string }
  | { kind: 'in-progress'; retryAfterMs: number }
  | { kind: 'not-found' };

export interface ClaimRow {
  phoneNumber: string | null;
  leaseRemainingMs: number;
  attemptId: string | null;
  fence: string;
}

/**
 * The decision of a claim, apart from its I/O: `claim` means "take it now". `attemptId` is
 * the id this claim call writes; finding it already there means an earlier try of this same
 * call committed before its connection was lost.
 */
export function decideClaim(row: ClaimRow | undefined, attemptId: string | null = null): Claim | 'claim' {
  if (!row) return { kind: 'not-found' };
  if (row.phoneNumber) return { kind: 'complete', phoneNumber: row.phoneNumber };
  if (row.leaseRemainingMs > 0) {
    return attemptId !== null && row.attemptId === attemptId ? { kind: 'claimed', fence: row.fence } : { kind: 'in-progress', retryAfterMs: row.leaseRemainingMs };
  }
  return 'claim';
}

const LEASE_REMAINING_MS = `GREATEST(0, CEIL(EXTRACT(EPOCH FROM (lease_expires_at - clock_timestamp())) * 1000))::int`;

interface ClaimRowData {
  phone_number: string | null;
  lease_remaining_ms: number | null;
  attempt_id: string | null;
  attempt_fence: string;
}

const CLAIM_COLUMNS = `phone_number, ${LEASE_REMAINING_MS} AS lease_remaining_ms, attempt_id, attempt_fence`;

const toClaimRow = (row: ClaimRowData | undefined): ClaimRow | undefined =>
  row && { phoneNumber: row.phone_number, leaseRemainingMs: row.lease_remaining_ms ?? 0, attemptId: row.attempt_id, fence: row.attempt_fence };

/** What a claim would decide, read without a lock: how a waiting duplicate polls cheaply (never `claimed`). */
export async function peekClaim(pool: Pool, businessId: string): Promise<Claim | 'claim'> {
  const { rows } = await retryOnLostConnection(() =>
    pool.query<ClaimRowData>(`SELECT ${CLAIM_COLUMNS} FROM businesses WHERE id = $1`, [businessId]),
  );
  return decideClaim(toClaimRow(rows[0]));
}

export function claimAttempt(pool: Pool, businessId: string, leaseMs: number): Promise<Claim> {
  const attemptId = randomUUID();
  return retryOnLostConnection(() =>
    withTransaction(pool, async (client) => {
      const { rows } = await client.query<ClaimRowData>(`SELECT ${CLAIM_COLUMNS} FROM businesses WHERE id = $1 FOR UPDATE`, [businessId]);
      const decision = decideClaim(toClaimRow(rows[0]), attemptId);
      if (decision !== 'claim') return decision;
      const claimed = await client.query<{ attempt_fence: string }>(
        `UPDATE businesses
            SET attempt_fence = attempt_fence + 1, attempt_id = $3,
                lease_expires_at = clock_timestamp() + make_interval(secs => $2::double precision / 1000),
                onboarding_status = 'provisioning', updated_at = now()
          WHERE id = $1 RETURNING attempt_fence`,
        [businessId, leaseMs, attemptId],
      );
      return { kind: 'claimed', fence: claimed.rows[0]!.attempt_fence };
    }),
  );
}

/**
 * Records the number if our fence still holds. Returns the number the business now has:
 * ours, another attempt's (ours is then a duplicate), or null (a newer attempt is running).
 * Safe to repeat, so a connection lost mid-statement is retried.
 */
export function finishAttempt(pool: Pool, businessId: string, fence: string, number: { phoneNumber: string; sid: string }): Promise<string | null> {
  return retryOnLostConnection(async () => {
    const updated = await pool.query(
      `UPDATE businesses
          SET phone_number = $3, phone_number_sid = $4, onboarding_status = 'complete', lease_expires_at = NULL, updated_at = now()
        WHERE id = $1 AND attempt_fence = $2 AND phone_number IS NULL`,
      [businessId, fence, number.phoneNumber, number.sid],
    );
    if (updated.rowCount === 1) return number.phoneNumber;
    const { rows } = await pool.query<{ phone_number: string | null }>('SELECT phone_number FROM businesses WHERE id = $1', [businessId]);
    return rows[0]?.phone_number ?? null;
  });
}

/** Ends our attempt without a number. `keepLease` when a purchase may still land. */
export async function abandonAttempt(pool: Pool, businessId: string, fence: string, keepLease: boolean): Promise<void> {
  await pool.query(
    `UPDATE businesses
        SET onboarding_status = 'failed', updated_at = now(),
            lease_expires_at = CASE WHEN $3::boolean THEN lease_expires_at ELSE NULL END
      WHERE id = $1 AND attempt_fence = $2 AND phone_number IS NULL`,
    [businessId, fence, keepLease],
  );
}
