// Planted defect: the key is looked up, the onboarding runs, and only then is the key inserted
// with its answer. A second request with the key while the first is in flight finds nothing and
// runs again; the onboarding under it trusts the key (the incident's unlocked check-then-act),
// so it buys a second number → fails `in-flight` (and breaks EXACTLY_ONE_PURCHASE, NO_ORPHANS).
import { friendlyNameFor, onboarded, startTarget, webhookUrlsFor } from '../shared.mjs';
import { createKeyTable, withIdempotencyKey } from './key-store.mjs';

async function unlockedOnboarding({ pool, twilio, env, business, areaCode }) {
  const { rows } = await pool.query('SELECT phone_number FROM businesses WHERE id = $1', [business.id]);
  if (rows[0].phone_number) return onboarded(rows[0].phone_number, true);
  const urls = webhookUrlsFor(env.publicBaseUrl, business.id);
  const bought = await twilio.buy({ areaCode, friendlyName: friendlyNameFor(business.id), ...urls });
  await twilio.configure(bought.sid, urls);
  await pool.query(`UPDATE businesses SET phone_number = $2, phone_number_sid = $3, onboarding_status = 'complete' WHERE id = $1`, [business.id, bought.phoneNumber, bought.sid]);
  return onboarded(bought.phoneNumber, false);
}

await startTarget(withIdempotencyKey(unlockedOnboarding, { claimsFirst: false }), { schema: createKeyTable });
