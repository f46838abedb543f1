// Planted defect: the webhook-configuration call after the purchase sets SmsUrl to a path
// without the business id (the voice URL stays right). The number is tagged, so it is still
// attributed and referenced → WEBHOOKS_CONSISTENT alone.
import { startTarget, webhookUrlsFor } from './shared.mjs';
import { lockedOnboarding } from './locked-onboarding.mjs';

await startTarget(lockedOnboarding({
  webhookUrls: (publicBaseUrl, businessId) => ({ ...webhookUrlsFor(publicBaseUrl, businessId), smsUrl: `${publicBaseUrl}/api/twilio/sms` }),
}));
