// Planted defect: every third business (by creation order) is always refused with 503
// TWILIO_UNAVAILABLE (a listed, retryable answer), so the settle step's retries never get it a
// number → ALL_ONBOARDED alone (nothing was bought for it, so EXACTLY_ONE_PURCHASE holds).
import { startTarget } from './shared.mjs';
import { lockedOnboarding } from './locked-onboarding.mjs';

await startTarget(lockedOnboarding({
  refuse: (business) => Number(business.seq) % 3 === 0,
}));
