// Planted defect: the saved number is not the bought one (its last digit is mistyped). The app
// shows a number Twilio never sold it → DB_MATCHES_TWILIO, and the real number is active,
// attributed to the business but referenced by nothing → NO_ORPHANS.
import { startTarget } from './shared.mjs';
import { lockedOnboarding } from './locked-onboarding.mjs';

const mistype = (number) => number.slice(0, -1) + String((Number(number.slice(-1)) + 1) % 10);

await startTarget(lockedOnboarding({
  numberToSave: (bought) => mistype(bought.phoneNumber),
}));
