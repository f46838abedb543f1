// A conformance check: a name (contract), the clause it tests, and how it runs on fresh businesses.
import type { FakeTwilioAdmin } from '../../../fake-twilio/index.ts';
import type { ConformanceCheck, ConformanceResult } from '../../../model/index.ts';
import type { FixtureBusiness } from '../../target/target-client.ts';
import type { Exchange } from './conformance-exchange.ts';

/** The draft every check cites, by its IETF name (docs/idempotency-key.md links it). */
export const DRAFT = 'draft-ietf-httpapi-idempotency-key-header-06';
/** The target contract's clause on the header (docs/target-contract.md). */
export const CONTRACT = 'docs/target-contract.md §Idempotency-Key';

export interface CheckInput {
  /** A business no other check touches. */
  business: FixtureBusiness;
  /** A fresh key for this check. */
  key: string;
  exchange: Exchange;
  admin: FakeTwilioAdmin;
  /** Seeds businesses of one owner (fixtures `sharedOwner`), for other-business. */
  seedSharedOwner(count: number): Promise<FixtureBusiness[]>;
  /** Per request, and the bound on waiting for the fake to hold a purchase. */
  requestTimeoutMs: number;
  /** GET /api/businesses/:id with this token, recorded in the history: true when answered 200 (the token owns it). */
  canRead(business: FixtureBusiness, token: string): Promise<boolean>;
}

export type CheckVerdict = Omit<ConformanceResult, 'check' | 'reference'>;

export interface ConformanceCheckDefinition {
  name: ConformanceCheck;
  reference: string;
  run(input: CheckInput): Promise<CheckVerdict>;
}

export const passed = (detail: string): CheckVerdict => ({ ok: true, detail });
export const failed = (detail: string): CheckVerdict => ({ ok: false, detail });
export const notRun = (detail: string): CheckVerdict => ({ ok: null, detail });
/** The target lacks an optional part of the contract the check needs: reported skipped, not judged. */
export const skipped = (detail: string): CheckVerdict => ({ ok: null, skipped: true, detail });

/**
 * Purchase attempts at the fake for a business (committed or not), attributed as the invariants
 * do: its FriendlyName tag, else its id in a webhook URL.
 */
export async function purchasesOf(admin: FakeTwilioAdmin, businessId: string) {
  const { purchases } = await admin.ledger();
  return purchases.filter((p) => p.friendlyName === `business:${businessId}` || [p.smsUrl, p.voiceUrl].some((url) => url?.includes(businessId)));
}

/** The fake's fault rules aim at a business by its FriendlyName tag. */
export const tagOf = (business: FixtureBusiness) => `business:${business.id}`;
