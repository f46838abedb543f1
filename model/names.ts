// The names that are contract: scenarios, strategies, page variants and invariant codes. Every
// other list of them (the CLI's choices, the expected matrix, the JSON Schema's enum) is derived
// from these or checked against them in a test.

export const SCENARIO_NAMES = ['concurrent-burst', 'rapid-clicks', 'network-failure', 'multi-instance', 'db-lock-under-load', 'incident-replay', 'idempotency-key', 'sustained-load', 'interleavings'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export const STRATEGY_NAMES = ['naive', 'row-lock', 'idempotent', 'memory-dedupe', 'rate-limit'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** --burst-release: each business's burst alone (staggered) or every business's at once (together). */
export const BURST_RELEASES = ['staggered', 'together'] as const;
export type BurstRelease = (typeof BURST_RELEASES)[number];

export const PAGE_VARIANTS = ['buggy', 'fixed', 'rca-keys'] as const;
export type PageVariant = (typeof PAGE_VARIANTS)[number];

/** The seven invariants, in the order reports list them (see docs/invariants.md). */
export const INVARIANT_CODES = [
  'EXACTLY_ONE_PURCHASE',
  'DB_MATCHES_TWILIO',
  'NO_ORPHANS',
  'CONSISTENT_RESPONSES',
  'ALL_ONBOARDED',
  'NO_SERVER_ERRORS',
  'WEBHOOKS_CONSISTENT',
] as const;
export type InvariantCode = (typeof INVARIANT_CODES)[number];

export function isInvariantCode(value: unknown): value is InvariantCode {
  return typeof value === 'string' && (INVARIANT_CODES as readonly string[]).includes(value);
}

/** --explore: bounded exhaustive search (dfs, the default) or PCT sampling (pct). */
export const EXPLORE_STRATEGIES = ['dfs', 'pct'] as const;
export type ExploreStrategy = (typeof EXPLORE_STRATEGIES)[number];

/** Who sent traffic in a cell: our burst engine, the user's k6, or a real browser. */
export const DRIVER_NAMES = ['undici', 'k6', 'chromium'] as const;
export type DriverName = (typeof DRIVER_NAMES)[number];

/**
 * The named checks of scenario `idempotency-key` (docs/idempotency-key.md), in the order they run
 * and reports list them: conformance to the IETF Idempotency-Key draft and the target contract.
 */
export const CONFORMANCE_CHECKS = ['replay', 'body-mismatch', 'other-business', 'in-flight', 'retry-after-503', 'malformed'] as const;
export type ConformanceCheck = (typeof CONFORMANCE_CHECKS)[number];

export function isConformanceCheck(value: unknown): value is ConformanceCheck {
  return typeof value === 'string' && (CONFORMANCE_CHECKS as readonly string[]).includes(value);
}
