import { clientFor, keysFor, type PageVariant, type RequestClient } from '../../../scenarios/index.ts';

// What one arrival sends (docs/scenarios.md's client behaviours, spread evenly over the businesses) and,
// for a seeded share of them, the duplicate a person adds: a double-click (tens of ms later), a
// second tab (within a second), or a retry after the client gave up waiting. Drawn from one seeded
// stream in schedule order, dropped arrivals included, so a seed gives the same plan whatever the
// target's speed.

export const DUPLICATE_KINDS = ['double-click', 'second-tab', 'retry-after-timeout'] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

export interface DuplicatePlan {
  kind: DuplicateKind;
  /** double-click / second-tab: after the first request was sent; retry: after the first timed out. */
  delayMs: number;
  /** Idempotency-Key of the duplicate (with `{business}` for the RCA page, resolved at send time). */
  key: string | null;
  /** retry-after-timeout: the client's patience for the first request. */
  clientTimeoutMs?: number;
}

export interface ArrivalPlan {
  index: number;
  client: RequestClient;
  key: string | null;
  duplicate: DuplicatePlan | null;
}

const between = (random: () => number, low: number, high: number) => Math.round(low + random() * (high - low));

export function planArrival(index: number, variant: PageVariant, duplicateShare: number, random: () => number): ArrivalPlan {
  const client = clientFor(index);
  const [key = null, otherTab = null] = keysFor(client, variant, index, 2, random);
  const duplicated = random() < duplicateShare;
  const kind = DUPLICATE_KINDS[Math.floor(random() * DUPLICATE_KINDS.length)]!;
  const delay = random();
  if (!duplicated) return { index, client, key, duplicate: null };
  if (kind === 'double-click') return { index, client, key, duplicate: { kind, delayMs: 10 + Math.round(delay * 50), key: otherTab } };
  if (kind === 'second-tab') return { index, client, key, duplicate: { kind, delayMs: 100 + Math.round(delay * 900), key: otherTab } };
  // A retry is the same attempt again: the fixed page (and a shared-key client) reuse the key, the
  // RCA page makes a new one per click, the buggy page and key-less clients send none.
  const retryKey = client === 'page' && variant === 'rca-keys' ? otherTab : key;
  return { index, client, key, duplicate: { kind, delayMs: between(random, 100, 500), key: retryKey, clientTimeoutMs: 300 + Math.round(delay * 500) } };
}
