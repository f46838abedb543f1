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
  const purchases = input.ledger.purchases;
  return (
    (n.purchaseSeq != null ? purchases.find((p) => p.seq === n.purchaseSeq) : undefined) ??
    purchases.find((p) => p.committed && p.sid === n.sid) ??
    purchases.find((p) => p.committed && p.phoneNumber === n.phoneNumber) ??
    null
  );
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
