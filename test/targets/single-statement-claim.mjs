// Planted defect inside one statement: the claim is `INSERT … SELECT … WHERE NOT EXISTS` on a
// table with no unique key. Run one after the other, the second INSERT sees the first's row and
// claims nothing (409); run so that they overlap inside the database (both snapshots taken before
// either commits), both insert, both claim, and both buy. No sleep or pool queue widens it: the
// window is the statement itself, narrower than a round trip, so a burst catches it by luck and
// only statements released together inside PostgreSQL catch it every time
// → EXACTLY_ONE_PURCHASE and NO_ORPHANS.
import { HttpError, buyConfigureSave, onboarded, startTarget } from './shared.mjs';

const schema = (client) => client.query('CREATE TABLE IF NOT EXISTS onboarding_claims (business_id uuid NOT NULL, claimed_at timestamptz NOT NULL DEFAULT now())');

await startTarget(async ({ pool, twilio, env, business, areaCode }) => {
  const { rows } = await pool.query('SELECT phone_number FROM businesses WHERE id = $1', [business.id]);
  if (rows[0].phone_number) return onboarded(rows[0].phone_number, true);
  const claimed = await pool.query(
    'INSERT INTO onboarding_claims (business_id) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM onboarding_claims WHERE business_id = $1)',
    [business.id],
  );
  if (claimed.rowCount === 0) throw new HttpError(409, 'ONBOARDING_IN_PROGRESS', 'another request is onboarding this business', { retryAfterMs: 200 });
  return buyConfigureSave({ queryable: pool, twilio, env, business, areaCode });
}, { schema });
