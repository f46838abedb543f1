// Planted defect: the already-onboarded path calls process.exit — the whole instance dies on the
// first repeated request, taking every in-flight request with it → NO_SERVER_ERRORS (a crash
// the scenario did not cause). With the instance gone the settle step cannot read the app's
// view, so ALL_ONBOARDED breaks as well and the view-based invariants say they could not judge.
import { startTarget } from './shared.mjs';
import { lockedOnboarding } from './locked-onboarding.mjs';

await startTarget(lockedOnboarding({
  alreadyComplete: (phoneNumber) => {
    console.error(`fatal: ${phoneNumber} is already provisioned, giving up`);
    process.exit(70);
  },
}));
