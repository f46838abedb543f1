// Planted defect: a clean-up meant to release a *replaced* number releases the one just bought
// and saved. The app shows a number Twilio no longer has active → DB_MATCHES_TWILIO alone
// (one purchase was paid for and the business shows a number, so EXACTLY_ONE_PURCHASE holds;
// nothing active is left over, so NO_ORPHANS and WEBHOOKS_CONSISTENT hold).
import { startTarget } from './shared.mjs';
import { lockedOnboarding } from './locked-onboarding.mjs';

await startTarget(lockedOnboarding({
  afterSave: ({ twilio, bought }) => twilio.release(bought.sid),
}));
