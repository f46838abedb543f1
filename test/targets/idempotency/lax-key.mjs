// Planted defect: malformed keys (empty, 256 characters, a tab inside) are taken as keys instead of 400 → fails `malformed`.
// The onboarding under it is the correct locked one, so no second number is ever bought.
import { startTarget } from '../shared.mjs';
import { lockedOnboarding } from '../locked-onboarding.mjs';
import { createKeyTable, withIdempotencyKey } from './key-store.mjs';

await startTarget(withIdempotencyKey(lockedOnboarding(), { validates: false }), { schema: createKeyTable });
