// The invariants of docs/invariants.md: pure functions of history + ledger + the app's view.
export type { AppBusinessView, IncomingNumberSnapshot, InvariantInput, TargetCrash } from './invariant-input.ts';
export { checkInvariants } from './check-invariants.ts';
export { attribute, scopeToBusinesses } from './attribution.ts';
export type { Attribution, Tagged } from './attribution.ts';
export { ALLOWED_ERROR_CODES, isAllowedError } from './allowed-responses.ts';
export { exactlyOnePurchase } from './exactly-one-purchase.ts';
export { dbMatchesTwilio } from './db-matches-twilio.ts';
export { noOrphans } from './no-orphans.ts';
export { consistentResponses } from './consistent-responses.ts';
export { allOnboarded } from './all-onboarded.ts';
export { noServerErrors } from './no-server-errors.ts';
export { webhooksConsistent, webhookUrls } from './webhooks-consistent.ts';
export { summariseTwilio } from './twilio-summary.ts';
