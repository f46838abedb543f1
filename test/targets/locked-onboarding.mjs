// The correct onboarding the defect targets start from: the business row is locked
// (SELECT … FOR UPDATE) for the whole buy + configure + save, so concurrent requests — on one
// instance or several sharing the database — wait and then see the number; before buying it
// looks for a number already tagged for the business at Twilio, so a purchase whose response
// was lost (dropped, process killed, database session killed) is adopted on retry instead of
// bought again. Each seam is where one defect target plants its one mistake.
import { friendlyNameFor, onboarded, webhookUrlsFor, withTransaction } from './shared.mjs';
import { twilioUnavailable } from './target-errors.mjs';

const correct = {
  /** Whether to turn the business away (503 TWILIO_UNAVAILABLE) before doing anything. */
  refuse: () => false,
  /** The answer for a business that already has its number. */
  alreadyComplete: (phoneNumber) => onboarded(phoneNumber, true),
  /** The webhook URLs the configuration call sets. */
  webhookUrls: webhookUrlsFor,
  /** The number saved for the business. */
  numberToSave: (bought) => bought.phoneNumber,
  /** Runs after the save, inside the transaction. */
  afterSave: async () => {},
};

export function lockedOnboarding(seams = {}) {
  const plan = { ...correct, ...seams };
  return async ({ pool, twilio, env, business, areaCode }) => {
    if (plan.refuse(business)) throw twilioUnavailable('refused');
    return withTransaction(pool, async (client) => {
      const { rows } = await client.query('SELECT phone_number FROM businesses WHERE id = $1 FOR UPDATE', [business.id]);
      if (rows[0].phone_number) return plan.alreadyComplete(rows[0].phone_number);
      const tag = friendlyNameFor(business.id);
      const [adopted] = await twilio.findByFriendlyName(tag);
      const bought = adopted ?? (await twilio.buy({ areaCode, friendlyName: tag, ...webhookUrlsFor(env.publicBaseUrl, business.id) }));
      await twilio.configure(bought.sid, plan.webhookUrls(env.publicBaseUrl, business.id));
      const saved = plan.numberToSave(bought);
      await client.query(
        `UPDATE businesses SET phone_number = $2, phone_number_sid = $3, onboarding_status = 'complete' WHERE id = $1`,
        [business.id, saved, bought.sid],
      );
      await plan.afterSave({ twilio, bought, business, areaCode, env });
      return onboarded(saved, false);
    });
  };
}
