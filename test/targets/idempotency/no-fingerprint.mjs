// Planted defect: the fingerprint leaves out the body, so the same key with another body replays the first answer instead of 422 → fails `body-mismatch`.
// The onboarding under it is the correct locked one, so no second number is ever bought.
import { startTarget } from '../shared.mjs';
import { lockedOnboarding } from '../locked-onboarding.mjs';
import { createKeyTable, withIdempotencyKey } from './key-store.mjs';

await startTarget(withIdempotencyKey(lockedOnboarding(), { fingerprintsBody: false }), { schema: createKeyTable });
