// Planted defect: the already-onboarded path throws an error nobody maps to a §4.2 answer, so
// every request that waited on the lock and found the number answers 500 → NO_SERVER_ERRORS.
import { startTarget } from './shared.mjs';
import { lockedOnboarding } from './locked-onboarding.mjs';

await startTarget(lockedOnboarding({
  alreadyComplete: (phoneNumber) => {
    throw new TypeError(`cannot re-provision ${phoneNumber}`);
  },
}));
