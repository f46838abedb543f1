// Not a duplicate purchase: a deadlock the explorer must survive. Each request takes two locks in
// its transaction — the business row (SELECT … FOR UPDATE) and a transaction-level advisory lock
// on the business (an "audit" lock) — and requests alternate the order they take them in, so two
// concurrent ones can each hold what the other waits for. PostgreSQL's deadlock detector ends one
// (40P01, answered 503 DATABASE_UNAVAILABLE, and the settle step retries it); the onboarding itself
// is the correct locked one with the tagged look-up, so every invariant holds.
import { createHash } from 'node:crypto';
import { friendlyNameFor, onboarded, startTarget, webhookUrlsFor, withTransaction, databaseUnavailable } from './shared.mjs';

let arrivals = 0;
const auditKey = (businessId) => createHash('sha1').update(businessId).digest().readInt32BE(0);

await startTarget(async ({ pool, twilio, env, business, areaCode }) => {
  const auditFirst = arrivals++ % 2 === 0;
  try {
    return await withTransaction(pool, async (client) => {
      const lockAudit = () => client.query('SELECT pg_advisory_xact_lock($1)', [auditKey(business.id)]);
      const lockBusiness = () => client.query('SELECT phone_number FROM businesses WHERE id = $1 FOR UPDATE', [business.id]);
      if (auditFirst) await lockAudit();
      const { rows } = await lockBusiness();
      if (!auditFirst) await lockAudit();
      if (rows[0].phone_number) return onboarded(rows[0].phone_number, true);
      const tag = friendlyNameFor(business.id);
      const [adopted] = await twilio.findByFriendlyName(tag);
      const urls = webhookUrlsFor(env.publicBaseUrl, business.id);
      const bought = adopted ?? (await twilio.buy({ areaCode, friendlyName: tag, ...urls }));
      await twilio.configure(bought.sid, urls);
      await client.query(`UPDATE businesses SET phone_number = $2, phone_number_sid = $3, onboarding_status = 'complete' WHERE id = $1`, [business.id, bought.phoneNumber, bought.sid]);
      return onboarded(bought.phoneNumber, false);
    });
  } catch (error) {
    if (error?.code === '40P01') throw databaseUnavailable('deadlock detected');
    throw error;
  }
});
