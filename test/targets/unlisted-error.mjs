// Planted defect: a repeated request is refused with 400 OOPS, a status and code docs/target-contract.md
// does not list (a client cannot know whether to retry) → CONSISTENT_RESPONSES.
import { startTarget } from './shared.mjs';
import { HttpError } from './target-errors.mjs';
import { lockedOnboarding } from './locked-onboarding.mjs';

await startTarget(lockedOnboarding({
  alreadyComplete: () => {
    throw new HttpError(400, 'OOPS', 'already done');
  },
}));
