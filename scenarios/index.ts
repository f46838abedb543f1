// Scenarios: pure plans and their expectations (docs/scenarios.md). The harness drives them.
import { concurrentBurst } from './concurrent-burst.ts';
import { dbLockUnderLoad } from './db-lock-under-load.ts';
import { idempotencyKey } from './idempotency-key.ts';
import { incidentReplay } from './incident-replay.ts';
import { multiInstance } from './multi-instance.ts';
import { networkFailure } from './network-failure.ts';
import { rapidClicks } from './rapid-clicks.ts';
import { sustainedLoad } from './sustained-load.ts';
import { interleavings } from './interleavings.ts';
import type { ScenarioDefinition, ScenarioName } from './scenario-plan.ts';

export const SCENARIOS: Record<ScenarioName, ScenarioDefinition> = {
  'concurrent-burst': concurrentBurst,
  'rapid-clicks': rapidClicks,
  'network-failure': networkFailure,
  'multi-instance': multiInstance,
  'db-lock-under-load': dbLockUnderLoad,
  'incident-replay': incidentReplay,
  'idempotency-key': idempotencyKey,
  'sustained-load': sustainedLoad,
  interleavings,
};

export type * from './scenario-plan.ts';
export { STRATEGY_PAGE, CLIENT_BEHAVIOURS, clientFor, keysFor, resolveKey } from './client-behaviours.ts';
export { ALLOWED_ERROR_CODES, isAllowedError } from './allowed-responses.ts';
export { seededRandom } from './seeded-random.ts';
export { WARM_UP_BURSTS } from './concurrent-burst.ts';
export { NETWORK_FAULTS, CONTROL_FAULTS } from './network-failure.ts';
export { INCIDENT_OFFSETS_S, INCIDENT_BUSINESS } from './incident-replay.ts';
export { CLICKS, CLICK_GAP_MS } from './rapid-clicks.ts';
export {
  SINGLE_BUSINESS_CHECKS, IN_FLIGHT_ANSWER_WAIT_MS, IDEMPOTENCY_TWILIO_TIMEOUT_MS, CONFORMANCE_AREA_CODE, MISMATCHED_AREA_CODE,
} from './idempotency-key.ts';
export {
  DEFAULT_EXPLORE_REQUESTS, MAX_EXPLORE_REQUESTS, DEFAULT_EXPLORE_BOUND, DEFAULT_EXPLORE_FAULTS, DEFAULT_EXPLORE_BUDGET, GATE_EXPLORE_BUDGET,
  EXPLORE_CLAIM_LEASE_MS,
} from './interleavings.ts';
export {
  PAGE_VARIANT_OF_STRATEGY, PAGE_SCENARIOS, MAX_FAIL_ATTEMPTS, EXPECTED_MATRIX, expectationFor, type ExpectedCell,
} from './expectations.ts';
