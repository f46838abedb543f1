// The correct target: every docs/invariants.md invariant holds in concurrent-burst, multi-instance and
// network-failure (see README.md for why network-failure too).
import { startTarget } from './shared.mjs';
import { lockedOnboarding } from './locked-onboarding.mjs';

await startTarget(lockedOnboarding());
