import type { LedgerPurchase } from '../../fake-twilio/types.ts';
import { attribute } from './attribution.ts';
import type { IncomingNumberSnapshot, InvariantInput } from './invariant-input.ts';

export function businessIdSet(input: InvariantInput): Set<string> {
  return new Set(input.businesses.map((b) => b.id));
}

/** Committed purchases (released ones included: they were paid for) per attributed business. */
export function committedPurchasesByBusiness(input: InvariantInput): Map<string, LedgerPurchase[]> {
  const ids = businessIdSet(input);
  const byBusiness = new Map<string, LedgerPurchase[]>();
  for (const purchase of input.ledger.purchases) {
    if (!purchase.committed) continue;
    const who = attribute(purchase, ids);
    if (who.businessId === null) continue;
    const list = byBusiness.get(who.businessId) ?? [];
    list.push(purchase);
    byBusiness.set(who.businessId, list);
  }
  for (const list of byBusiness.values()) list.sort((a, b) => a.seq - b.seq);
  return byBusiness;
}

export function activeNumbers(input: InvariantInput): IncomingNumberSnapshot[] {
  return input.numbers.filter((n) => n.status === 'active');
}

/** The ledger entry that bought a number: by its purchase seq, else by sid, else by number. */
export function purchaseOf(input: InvariantInput, n: IncomingNumberSnapshot): LedgerPurchase | null {
  const index = ledgerIndexOf(input.ledger.purchases);
  return (n.purchaseSeq != null ? index.bySeq.get(n.purchaseSeq) : undefined) ?? index.bySid.get(n.sid) ?? index.byNumber.get(n.phoneNumber)?.[0] ?? null;
}

/** Every committed purchase that bought `phoneNumber`, in ledger order (usually one). */
export function committedPurchasesOfNumber(input: InvariantInput, phoneNumber: string): readonly LedgerPurchase[] {
  return ledgerIndexOf(input.ledger.purchases).byNumber.get(phoneNumber) ?? [];
}

interface LedgerIndex {
  length: number;
  bySeq: Map<number, LedgerPurchase>;
  /** Committed purchases only: the first of each sid, as a search in ledger order would find. */
  bySid: Map<string, LedgerPurchase>;
  /** Committed purchases only, every one of each number, in ledger order. */
  byNumber: Map<string, LedgerPurchase[]>;
}

// Indexed once per ledger array: several invariants look up the purchase of every active number,
// and a search per number made a cell of 300k numbers quadratic (minutes; `checker.ops_per_s` in
// docs/bench.md). Rebuilt if the array has grown since, as onboardingRequestsOf does.
const indexed = new WeakMap<readonly LedgerPurchase[], LedgerIndex>();

function ledgerIndexOf(purchases: readonly LedgerPurchase[]): LedgerIndex {
  const known = indexed.get(purchases);
  if (known !== undefined && known.length === purchases.length) return known;
  const index: LedgerIndex = { length: purchases.length, bySeq: new Map(), bySid: new Map(), byNumber: new Map() };
  for (const p of purchases) {
    if (!index.bySeq.has(p.seq)) index.bySeq.set(p.seq, p);
    if (!p.committed) continue;
    if (p.sid !== null && !index.bySid.has(p.sid)) index.bySid.set(p.sid, p);
    if (p.phoneNumber === null) continue;
    const same = index.byNumber.get(p.phoneNumber);
    if (same === undefined) index.byNumber.set(p.phoneNumber, [p]);
    else same.push(p);
  }
  indexed.set(purchases, index);
  return index;
}

export function releasedSids(input: InvariantInput): Set<string> {
  return new Set(input.ledger.releases.map((r) => r.sid));
}

/** Businesses whose final view could not be read: invariants that need it skip them and say so. */
export function unreadableNote(input: InvariantInput): string | null {
  const unreadable = input.businesses.filter((b) => (input.appView[b.id] ?? null) === null).map((b) => b.id);
  if (unreadable.length === 0) return null;
  const shown = unreadable.slice(0, 5).join(', ') + (unreadable.length > 5 ? ', …' : '');
  return `app view unreadable for ${unreadable.length} business(es) (${shown}); they were not judged here`;
}

export interface ActiveNumbers {
  byBusiness: Map<string, IncomingNumberSnapshot[]>;
  unattributed: { number: IncomingNumberSnapshot; reason: string }[];
}

/** Active numbers at Twilio per attributed business (tag first, webhooks second), and the orphans. */
export function activeNumbersByBusiness(input: InvariantInput): ActiveNumbers {
  const ids = businessIdSet(input);
  const byBusiness = new Map<string, IncomingNumberSnapshot[]>();
  const unattributed: ActiveNumbers['unattributed'] = [];
  for (const number of activeNumbers(input)) {
    const who = attribute(number, ids);
    if (who.businessId === null) {
      unattributed.push({ number, reason: who.reason });
      continue;
    }
    const list = byBusiness.get(who.businessId) ?? [];
    list.push(number);
    byBusiness.set(who.businessId, list);
  }
  return { byBusiness, unattributed };
}

/** `+18285550101 (seq 4)`: a number with the ledger seq that bought it, when known. */
export function describeNumber(input: InvariantInput, n: IncomingNumberSnapshot): string {
  const seq = seqOf(input, n);
  return seq === null ? n.phoneNumber : `${n.phoneNumber} (seq ${seq})`;
}

/** The ledger seq that bought a number: from the ledger, else from the fake's own snapshot. */
export function seqOf(input: InvariantInput, n: IncomingNumberSnapshot): number | null {
  return purchaseOf(input, n)?.seq ?? n.purchaseSeq ?? null;
}
