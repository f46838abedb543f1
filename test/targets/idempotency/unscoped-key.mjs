// Planted defect: the fingerprint leaves out the business, so the same key on another business of the same owner replays the first business's answer (its number) → fails `other-business`.
// The onboarding under it is the correct locked one, so no second number is ever bought.
import { startTarget } from '../shared.mjs';
import { lockedOnboarding } from '../locked-onboarding.mjs';
import { createKeyTable, withIdempotencyKey } from './key-store.mjs';

await startTarget(withIdempotencyKey(lockedOnboarding(), { scopesToBusiness: false }), { schema: createKeyTable });
