// The correct Idempotency-Key target: the locked onboarding with the key handled as the contract
// says (key-store.mjs). Every idempotency-key check passes; every invariant holds.
import { startTarget } from '../shared.mjs';
import { lockedOnboarding } from '../locked-onboarding.mjs';
import { createKeyTable, withIdempotencyKey } from './key-store.mjs';

await startTarget(withIdempotencyKey(lockedOnboarding()), { schema: createKeyTable });
