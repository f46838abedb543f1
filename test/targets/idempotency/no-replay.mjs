// Planted defect: a completed key runs the request again instead of replaying its answer, so the repeat says alreadyComplete: true → fails `replay`.
// The onboarding under it is the correct locked one, so no second number is ever bought.
import { startTarget } from '../shared.mjs';
import { lockedOnboarding } from '../locked-onboarding.mjs';
import { createKeyTable, withIdempotencyKey } from './key-store.mjs';

await startTarget(withIdempotencyKey(lockedOnboarding(), { replays: false }), { schema: createKeyTable });
