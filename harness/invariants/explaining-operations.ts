// The smallest explaining set of a violation: which requests could have caused which purchases.
// Timestamps are process.hrtime.bigint() strings from the harness and the fake, comparable on
// one machine (CLOCK_MONOTONIC), so windows are compared as bigints.
import type { LedgerPurchase } from '../../fake-twilio/types.ts';
import type { Operation } from '../../model/index.ts';

/** Requests that ask the app to onboard (any client, settle included); reads are not. */
export function isOnboardingRequest(op: Operation): boolean {
  return op.method === 'POST' && op.client !== 'read';
}

// Grouped once per history array: several invariants ask per business, and a cell can hold
// thousands of operations for hundreds of businesses. Regrouped if the array has grown since.
const grouped = new WeakMap<readonly Operation[], { length: number; byBusiness: Map<string, Operation[]> }>();

export function onboardingRequestsOf(history: readonly Operation[], businessId: string): readonly Operation[] {
  let byBusiness = grouped.get(history)?.byBusiness;
  if (byBusiness === undefined || grouped.get(history)!.length !== history.length) {
    byBusiness = new Map();
    for (const op of history) {
      if (!isOnboardingRequest(op)) continue;
      const list = byBusiness.get(op.businessId) ?? [];
      list.push(op);
      byBusiness.set(op.businessId, list);
    }
    grouped.set(history, { length: history.length, byBusiness });
  }
  return byBusiness.get(businessId) ?? [];
}

/**
 * The requests whose [invoke, complete] window contains the purchase's arrival at Twilio.
 * When none does (an app that went on buying after the client gave up), the last request
 * invoked before the purchase is the one that most plausibly caused it.
 */
export function requestsBehind(purchase: LedgerPurchase, requests: readonly Operation[]): number[] {
  const at = BigInt(purchase.receivedAtNs);
  const overlapping = requests.filter((op) => BigInt(op.invokeNs) <= at && at <= BigInt(op.completeNs));
  if (overlapping.length > 0) return overlapping.map((op) => op.id);
  let last: Operation | null = null;
  for (const op of requests) {
    if (BigInt(op.invokeNs) <= at && (last === null || BigInt(op.invokeNs) > BigInt(last.invokeNs))) last = op;
  }
  return last === null ? [] : [last.id];
}

/** `+18285550101 (seq 4, commit-then-drop, released)`: the number, its ledger seq and what happened to it. */
export function describePurchase(p: LedgerPurchase, releasedSids: ReadonlySet<string> = new Set()): string {
  const notes = [`seq ${p.seq}`];
  if (p.fault) notes.push(p.fault);
  if (p.sid !== null && releasedSids.has(p.sid)) notes.push('released');
  return `${p.phoneNumber ?? '(no number)'} (${notes.join(', ')})`;
}

/** `{ phoneNumber }` of a 200 body, or null when the body names none. */
export function phoneNumberOf(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const value = (body as Record<string, unknown>).phoneNumber;
  return typeof value === 'string' && value !== '' ? value : null;
}

/** `{ code }` of an error body, or null. */
export function errorCodeOf(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const value = (body as Record<string, unknown>).code;
  return typeof value === 'string' ? value : null;
}
