// Planted defect: an in-process mutex per business that covers the check but not the purchase.
// The second request waits on the mutex in this process — a wait no database or Twilio hold can
// see — while the first reads; the mutex is let go before the purchase, so the second reads "no
// number" too and both buy → EXACTLY_ONE_PURCHASE and NO_ORPHANS. One after the other (the first
// request finished before the second arrives) nothing breaks.
import { buyConfigureSave, onboarded, startTarget } from './shared.mjs';

const tails = new Map();
/** Runs `work` once every earlier holder of `key` has finished: a promise-chain mutex. */
async function withMutex(key, work) {
  const previous = tails.get(key) ?? Promise.resolve();
  let release;
  const mine = new Promise((resolve) => (release = resolve));
  tails.set(key, previous.then(() => mine));
  await previous;
  try {
    return await work();
  } finally {
    release();
  }
}

await startTarget(async ({ pool, twilio, env, business, areaCode }) => {
  const current = await withMutex(business.id, async () => (await pool.query('SELECT phone_number FROM businesses WHERE id = $1', [business.id])).rows[0].phone_number);
  // ← the defect: the mutex is released here, before the purchase and the save.
  if (current) return onboarded(current, true);
  return buyConfigureSave({ queryable: pool, twilio, env, business, areaCode });
});
