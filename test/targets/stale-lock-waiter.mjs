// Planted defect: the lock waiter acts on what it read before it waited. It reads the business
// (no lock), then takes the row lock (SELECT … FOR UPDATE) and buys on the strength of that first
// read. One after the other, the second request's first read already sees the number. But when
// its first read lands while the first request holds the lock, it waits on the lock (recorded
// blocked), is let in after the commit, and buys again on its stale "no number"
// → EXACTLY_ONE_PURCHASE and NO_ORPHANS.
import { buyConfigureSave, onboarded, startTarget, withTransaction } from './shared.mjs';

await startTarget(async ({ pool, twilio, env, business, areaCode }) => {
  const before = await pool.query('SELECT phone_number FROM businesses WHERE id = $1', [business.id]);
  if (before.rows[0].phone_number) return onboarded(before.rows[0].phone_number, true);
  return withTransaction(pool, async (client) => {
    await client.query('SELECT id FROM businesses WHERE id = $1 FOR UPDATE', [business.id]);
    // ← the defect: no second look at phone_number now that the lock is ours.
    return buyConfigureSave({ queryable: client, twilio, env, business, areaCode });
  });
});
