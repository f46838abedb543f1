// Twilio is the source of truth for what was bought: before buying, and after a purchase
// whose outcome is unknown, the attempt looks there for a number tagged for the business.
// This is what recovers a lost response, a process killed after the purchase and a lost
// database session. If several tagged numbers turn up, the oldest is kept and the others
// are released and recorded in released_duplicates.
import type { Pool } from '../../database/pool.ts';
import type { PhoneNumbers, ProvisionedNumber } from '../../twilio/phone-numbers.ts';

interface RecoveryDependencies {
  pool: Pool;
  phoneNumbers: PhoneNumbers;
  log: (line: string) => void;
}

/** The business's tagged number at Twilio, or null; extra tagged numbers are released. */
export async function findTaggedNumber(deps: RecoveryDependencies, businessId: string): Promise<ProvisionedNumber | null> {
  const [keep, ...duplicates] = await deps.phoneNumbers.findTagged(businessId);
  if (!keep) return null;
  for (const duplicate of duplicates) await releaseDuplicate(deps, businessId, duplicate, keep.phoneNumber);
  return keep;
}

/** Releases every tagged number of the business other than `kept` (after a race with a stale attempt). */
export async function releaseOtherTagged(deps: RecoveryDependencies, businessId: string, kept: ProvisionedNumber): Promise<void> {
  try {
    const tagged = await deps.phoneNumbers.findTagged(businessId);
    for (const number of tagged) if (number.sid !== kept.sid) await releaseDuplicate(deps, businessId, number, kept.phoneNumber);
  } catch (error) {
    deps.log(`recovery: could not look for duplicates of business ${businessId} (${(error as Error).message}); reconcile will find them`);
  }
}

/**
 * Releases a duplicate and records it. Best effort: if Twilio or the database fails, the
 * number stays tagged, so the next attempt's lookup or `npm run reconcile` finds it again.
 */
export async function releaseDuplicate(deps: RecoveryDependencies, businessId: string, duplicate: ProvisionedNumber, keptPhoneNumber: string): Promise<void> {
  try {
    await deps.phoneNumbers.release(duplicate.sid);
    await deps.pool.query(
      `INSERT INTO released_duplicates (business_id, sid, phone_number, kept_phone_number) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sid) DO NOTHING`,
      [businessId, duplicate.sid, duplicate.phoneNumber, keptPhoneNumber],
    );
    deps.log(`recovery: released duplicate ${duplicate.phoneNumber} (${duplicate.sid}) of business ${businessId}; kept ${keptPhoneNumber}`);
  } catch (error) {
    deps.log(`recovery: could not release duplicate ${duplicate.sid} of business ${businessId} (${(error as Error).message})`);
  }
}
