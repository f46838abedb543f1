// Planted defect: a store that keeps every answer, 503 included: the retry after a Twilio 503 gets the 503 again, so no retry with that key can succeed → fails `retry-after-503`.
// The onboarding under it is the correct locked one, so no second number is ever bought.
import { startTarget } from '../shared.mjs';
import { lockedOnboarding } from '../locked-onboarding.mjs';
import { createKeyTable, withIdempotencyKey } from './key-store.mjs';

await startTarget(withIdempotencyKey(lockedOnboarding(), { keepsOnlyFinal: false }), { schema: createKeyTable });
