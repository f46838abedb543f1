// Planted defect that only a lost purchase response shows: the correct row-locked onboarding, but
// without the look for a number already tagged for the business before buying. Every order of
// concurrent requests is serialised by the lock and passes; when a purchase commits and its
// response is lost, the transaction rolls back and the retry buys again
// → EXACTLY_ONE_PURCHASE and NO_ORPHANS (with --explore-faults 0 it passes).
import { buyConfigureSave, onboarded, startTarget, withTransaction } from './shared.mjs';

await startTarget(async ({ pool, twilio, env, business, areaCode }) => withTransaction(pool, async (client) => {
  const { rows } = await client.query('SELECT phone_number FROM businesses WHERE id = $1 FOR UPDATE', [business.id]);
  if (rows[0].phone_number) return onboarded(rows[0].phone_number, true);
  return buyConfigureSave({ queryable: client, twilio, env, business, areaCode });
}));
