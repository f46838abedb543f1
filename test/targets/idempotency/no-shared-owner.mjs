// The correct key handling on a target whose fixtures ignore `sharedOwner` (optional for external
// targets): `other-business` cannot be set up, so it is reported not run (ok: null) with the reason.
import { startTarget } from '../shared.mjs';
import { lockedOnboarding } from '../locked-onboarding.mjs';
import { createKeyTable, withIdempotencyKey } from './key-store.mjs';

await startTarget(withIdempotencyKey(lockedOnboarding()), { schema: createKeyTable, sharedOwner: false });
