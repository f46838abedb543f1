// How a number is tied to its business at Twilio (target-app/README.md; attribution as docs/invariants.md):
// FriendlyName `business:<id>`, else a business id in its webhook URLs. Shared by the app
// (recovery looks numbers up by tag) and by reconcile.

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TAG = new RegExp(`^business:(${UUID})$`, 'i');
const WEBHOOK = new RegExp(`/api/twilio/(?:sms|voice)/(${UUID})(?:[/?#]|$)`, 'i');

export const friendlyNameFor = (businessId: string) => `business:${businessId}`;

export function webhookUrlsFor(publicBaseUrl: string, businessId: string) {
  return {
    smsUrl: `${publicBaseUrl}/api/twilio/sms/${businessId}`,
    voiceUrl: `${publicBaseUrl}/api/twilio/voice/${businessId}`,
  };
}

/** The business id in a `business:<id>` FriendlyName, or null. */
export function taggedBusinessId(friendlyName: string | null | undefined): string | null {
  return friendlyName?.match(TAG)?.[1]?.toLowerCase() ?? null;
}

/** The business a number belongs to by tag, else by its webhook URLs, else null. */
export function attributedBusinessId(number: { friendlyName: string | null; smsUrl: string | null; voiceUrl: string | null }): string | null {
  return (
    taggedBusinessId(number.friendlyName) ??
    number.smsUrl?.match(WEBHOOK)?.[1]?.toLowerCase() ??
    number.voiceUrl?.match(WEBHOOK)?.[1]?.toLowerCase() ??
    null
  );
}
