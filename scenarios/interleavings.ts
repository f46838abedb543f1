import type { ScenarioDefinition } from './scenario-plan.ts';
import { driverOwnedPlan } from './driver-plan.ts';

// Interleaving exploration (docs/interleavings.md): not a plan of bursts. The explorer
// (harness/drivers/explore/) puts a PostgreSQL wire-protocol proxy between the target and its
// database, holds every request's arrival, every statement batch and every Twilio call, and runs
// K onboarding requests of one fresh business per schedule in each order its bounded search
// chooses; each schedule ends with the settle step and the seven invariants judge every business.

/** Concurrent onboarding requests per schedule (--explore-requests): default and most. */
export const DEFAULT_EXPLORE_REQUESTS = 2;
export const MAX_EXPLORE_REQUESTS = 4;
/** Preemptions per schedule (--explore-bound) and dropped purchase responses per schedule (--explore-faults). */
export const DEFAULT_EXPLORE_BOUND = 2;
export const DEFAULT_EXPLORE_FAULTS = 1;
/** The budget of one cell for `run` and the matrix: whichever runs out first. */
export const DEFAULT_EXPLORE_BUDGET = { schedules: 300, ms: 60_000 } as const;
/** The gate's smaller budget, so `npm run scenarios:concurrency` stays within a minute cold. */
export const GATE_EXPLORE_BUDGET = { schedules: 60, ms: 12_000 } as const;

/**
 * The target's claim lease here. A dropped purchase response leaves its attempt's fate unknown,
 * and a careful target keeps the claim until the lease runs out; the settle step of that schedule
 * then waits the lease out. Longer than a schedule (holds are released within milliseconds; the
 * quiescence grace is at most 2 s per decision) so a lease never runs out in the middle of one.
 */
export const EXPLORE_CLAIM_LEASE_MS = 5_000;

/**
 * RATE_LIMIT_WINDOW_MS here: longer than any schedule, so the limiter refuses a business's second
 * request whatever the order (the exploration must not depend on when a window ends), short enough
 * that the settle step after a refused retry can end within the cell.
 */
export const EXPLORE_RATE_LIMIT_WINDOW_MS = 20_000;

export const interleavings: ScenarioDefinition = {
  name: 'interleavings',
  summary: 'explores the orders of K onboarding requests, their SQL at a PostgreSQL proxy and their Twilio calls at the fake (bounded DFS, dropped responses within a fault budget)',
  usesPage: false,
  driver: 'explore',
  // Latency off and a Twilio timeout far above any hold: a held call must never time out at the
  // target (a hold that reaches a client timeout makes the cell `error`, never a lost response).
  target: () => ({
    dbPoolMax: 10, twilioTimeoutMs: 30_000, claimLeaseMs: EXPLORE_CLAIM_LEASE_MS, rateLimitWindowMs: EXPLORE_RATE_LIMIT_WINDOW_MS,
    twilioLatency: 'off', interposeDatabase: true,
  }),
  // A warm target (JIT, the pool's connections open) before the first schedule: the quiescence
  // grace learns from the first decisions, which a cold target would make needlessly long.
  plan: (input) => driverOwnedPlan('interleavings', input.instances ?? 1, { warmUp: { bursts: 2, concurrency: 2 } }),
};
