import type { InvariantCode } from '../../reports/result-types.ts';

/** The seven invariants, in the order of DESIGN §5 (reports list them in this order). */
export const INVARIANT_CODES: readonly InvariantCode[] = [
  'EXACTLY_ONE_PURCHASE',
  'DB_MATCHES_TWILIO',
  'NO_ORPHANS',
  'CONSISTENT_RESPONSES',
  'ALL_ONBOARDED',
  'NO_SERVER_ERRORS',
  'WEBHOOKS_CONSISTENT',
] as const;

export function isInvariantCode(value: unknown): value is InvariantCode {
  return typeof value === 'string' && (INVARIANT_CODES as readonly string[]).includes(value);
}
