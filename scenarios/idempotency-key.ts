import type { ScenarioDefinition } from './scenario-plan.ts';

// Conformance of a target's Idempotency-Key handling to the target contract and the IETF draft
// "The Idempotency-Key HTTP Header Field" (docs/idempotency-key.md). It is not a plan of bursts:
// the conformance driver (harness/drivers/conformance/) runs one named check per fresh business,
// in sequence, and the seven invariants then judge every purchase those checks caused.

/** The checks that need one business of their own; `other-business` seeds two of one owner. */
export const SINGLE_BUSINESS_CHECKS = 5;

/**
 * How long the in-flight check lets the second request answer while the first is held at the
 * fake Twilio. A target may answer 409 at once, or wait for the first and answer 200 with its
 * number; past this the first is released, so a target that waits is never held until its own
 * Twilio timeout fails the first attempt. Not a readiness wait: nothing is expected to happen.
 */
export const IN_FLIGHT_ANSWER_WAIT_MS = 2_000;

/**
 * The target's Twilio timeout in this scenario: far above IN_FLIGHT_ANSWER_WAIT_MS, so the first
 * request is still held (not timed out by the target) when the second one is answered.
 */
export const IDEMPOTENCY_TWILIO_TIMEOUT_MS = 10_000;

/** RATE_LIMIT_WINDOW_MS for the target in this scenario (see `target` below). */
export const RATE_LIMIT_WINDOW_MS = 5_000;

/** The body of every check's first request, and the other body of `body-mismatch`. */
export const CONFORMANCE_AREA_CODE = '828';
export const MISMATCHED_AREA_CODE = '415';

export const idempotencyKey: ScenarioDefinition = {
  name: 'idempotency-key',
  summary: 'Idempotency-Key conformance: replay, body-mismatch, other-business, in-flight, retry-after-503, malformed — one fresh business each',
  usesPage: false,
  driver: 'conformance',
  // Latency off: every check is a short sequence of single requests whose timing is not the
  // point (in-flight holds its first request at the fake instead of relying on a slow purchase).
  // The rate-limit window is shortened from its 60 s default: each check's requests are
  // milliseconds apart, so the limiter still refuses every repeat within a check, but the settle
  // step (bounded well under a minute) can then onboard the businesses the limiter turned away.
  target: () => ({ dbPoolMax: 10, twilioTimeoutMs: IDEMPOTENCY_TWILIO_TIMEOUT_MS, rateLimitWindowMs: RATE_LIMIT_WINDOW_MS, twilioLatency: 'off' }),
  plan: () => ({
    scenario: 'idempotency-key',
    businesses: SINGLE_BUSINESS_CHECKS,
    names: [],
    areaCode: CONFORMANCE_AREA_CODE,
    instances: 1,
    phases: [],
    faults: [],
    burstSize: null,
  }),
};
