// Planted defect: the incident's check-then-act with no lock and no transaction. Concurrent
// requests all see no number during the ~400 ms purchase and each buys one
// → EXACTLY_ONE_PURCHASE and NO_ORPHANS (and, as consequences, DB_MATCHES_TWILIO and
// CONSISTENT_RESPONSES).
import { buyConfigureSave, onboarded, startTarget } from './shared.mjs';

await startTarget(async ({ pool, twilio, env, business, areaCode }) => {
  const { rows } = await pool.query('SELECT phone_number FROM businesses WHERE id = $1', [business.id]);
  if (rows[0].phone_number) return onboarded(rows[0].phone_number, true);
  return buyConfigureSave({ queryable: pool, twilio, env, business, areaCode });
});
