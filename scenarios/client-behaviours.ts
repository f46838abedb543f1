import { PAGE_VARIANT_OF_STRATEGY } from './expectations.ts';
import type { PageVariant, PlannedRequest, RequestClient } from './scenario-plan.ts';
import { randomToken } from './seeded-random.ts';

// docs/scenarios.md: each API-level scenario spreads three client behaviours evenly over the businesses.

export const CLIENT_BEHAVIOURS: readonly RequestClient[] = ['no-key', 'shared-key', 'page'];

/** The page each strategy ships with (target-app/README.md). */
export const STRATEGY_PAGE = PAGE_VARIANT_OF_STRATEGY;

export function clientFor(business: number): RequestClient {
  return CLIENT_BEHAVIOURS[business % CLIENT_BEHAVIOURS.length]!;
}

/**
 * The keys one client sends for `count` requests of one business:
 * no-key → none; shared-key → one key for all (a double-submit);
 * page → what that page sends per request: buggy none, rca-keys `onboarding-<id>-<ms>` per click,
 * fixed one key per onboarding attempt (each concurrent request is a separate tab's attempt).
 */
export function keysFor(
  client: RequestClient,
  variant: PageVariant,
  business: number,
  count: number,
  random: () => number,
  clickTimeMs = 1_765_000_000_000,
): (string | null)[] {
  const shared = `shared-${business}-${randomToken(random)}`;
  return Array.from({ length: count }, (_, i) => {
    if (client === 'no-key') return null;
    if (client === 'shared-key') return shared;
    if (variant === 'buggy') return null;
    // The RCA's key embeds the business *index* here; the harness substitutes the real id.
    if (variant === 'rca-keys') return `onboarding-{business}-${clickTimeMs + i * 20}`;
    return `page-${business}-${randomToken(random)}`;
  });
}

export function burstRequests(
  business: number,
  count: number,
  variant: PageVariant,
  random: () => number,
  instanceOf: (i: number) => number = () => 0,
  client: RequestClient = clientFor(business),
): PlannedRequest[] {
  return keysFor(client, variant, business, count, random).map((key, i) => ({
    business,
    client,
    key,
    instance: instanceOf(i),
  }));
}

/** The RCA's page key embeds the business id, unknown when the plan is made: filled in at send time. */
export function resolveKey(key: string | null, businessId: string): string | null {
  return key === null ? null : key.replace('{business}', businessId);
}
