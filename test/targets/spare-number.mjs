// Planted defect: while onboarding, the app also buys an untagged "spare" number for a pool
// that nothing ever uses. It is active, tagged for no business and pointed at none
// → NO_ORPHANS. WEBHOOKS_CONSISTENT breaks with it by definition (an unattributed number has
// no business to point at); every business still got exactly one attributed number, so
// EXACTLY_ONE_PURCHASE and DB_MATCHES_TWILIO hold. (NO_ORPHANS cannot break alone: a number
// attributed to a business but unreferenced also breaks DB_MATCHES_TWILIO — see README.md.)
import { startTarget } from './shared.mjs';
import { lockedOnboarding } from './locked-onboarding.mjs';

await startTarget(lockedOnboarding({
  afterSave: ({ twilio, areaCode }) => twilio.buy({ areaCode, friendlyName: 'spare pool' }),
}));
