// Planted defect: a repeated request is answered 200 with a made-up number instead of the one
// the business has (a cached placeholder). Purchases and the database are right; only clients
// are told different numbers → CONSISTENT_RESPONSES.
import { onboarded, startTarget } from './shared.mjs';
import { lockedOnboarding } from './locked-onboarding.mjs';

await startTarget(lockedOnboarding({
  alreadyComplete: () => onboarded('+15005550006', true),
}));
