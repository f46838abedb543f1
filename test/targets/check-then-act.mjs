// The detection-rate target (docs/bench.md): a claim whose check-then-act window is exactly one
// database round trip. It reads the status, and if it saw 'pending' claims the business with an
// UPDATE that does not re-check the status (the bug: `WHERE id = $1` instead of
// `WHERE id = $1 AND onboarding_status = 'pending'`). Only the time between that SELECT's
// answer and the UPDATE's arrival is open — the purchase itself happens after the claim, so the
// fake's purchase latency does not widen the window. A request that sees 'provisioning'
// answers 409. Two requests whose SELECTs both land inside the window both buy
// → EXACTLY_ONE_PURCHASE and NO_ORPHANS.
import { friendlyNameFor, onboarded, startTarget, webhookUrlsFor } from './shared.mjs';
import { HttpError } from './target-errors.mjs';

const RETRY_AFTER_MS = 500;

/**
 * The check and the claim on one connection, back to back: a pool queue between them would
 * widen the window to however long the queue is (with DB_POOL_MAX=10 and 100 requests, every
 * SELECT would run before any UPDATE), and the bench is about one round trip.
 */
async function checkAndClaim(pool, businessId) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT onboarding_status, phone_number FROM businesses WHERE id = $1', [businessId]);
    const seen = rows[0];
    if (seen.phone_number) return { phoneNumber: seen.phone_number };
    if (seen.onboarding_status === 'provisioning') {
      throw new HttpError(409, 'ONBOARDING_IN_PROGRESS', 'another request is onboarding this business', { retryAfterMs: RETRY_AFTER_MS });
    }
    // ← the window: another request's SELECT answered between here and the UPDATE also sees 'pending'.
    await client.query(`UPDATE businesses SET onboarding_status = 'provisioning' WHERE id = $1`, [businessId]);
    return { phoneNumber: null };
  } finally {
    client.release();
  }
}

await startTarget(async ({ pool, twilio, env, business, areaCode }) => {
  const claim = await checkAndClaim(pool, business.id);
  if (claim.phoneNumber) return onboarded(claim.phoneNumber, true);
  try {
    const urls = webhookUrlsFor(env.publicBaseUrl, business.id);
    const bought = await twilio.buy({ areaCode, friendlyName: friendlyNameFor(business.id), ...urls });
    await twilio.configure(bought.sid, urls);
    await pool.query(`UPDATE businesses SET phone_number = $2, phone_number_sid = $3, onboarding_status = 'complete' WHERE id = $1`, [business.id, bought.phoneNumber, bought.sid]);
    return onboarded(bought.phoneNumber, false);
  } catch (error) {
    await pool.query(`UPDATE businesses SET onboarding_status = 'pending' WHERE id = $1 AND phone_number IS NULL`, [business.id]).catch(() => {});
    throw error;
  }
});
