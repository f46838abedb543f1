import type { ScenarioDefinition } from './scenario-plan.ts';
import { driverOwnedPlan } from './driver-plan.ts';

// Open-model load (docs/scenarios.md): onboarding attempts arrive by a rate profile (k6-style
// stages; default a 5 s ramp 0 → 10/s, then 10 s at 10/s), each a new business, a share of them with
// a duplicate (double-click, second tab, retry after a client timeout), at most max-in-flight
// outstanding. The load driver (harness/drivers/load/) sends it and seeds its own businesses as the
// schedule goes, so the plan has none and no phases; the settle step and the seven invariants judge
// every business it seeded. The profile comes from --rate/--duration/--stages, not from the plan.
export const sustainedLoad: ScenarioDefinition = {
  name: 'sustained-load',
  summary: 'open-model arrivals of new businesses by a rate profile (default 5 s ramp to 10/s, then 10 s at 10/s), 30 % with a duplicate',
  usesPage: false,
  driver: 'load',
  // The app's own default Twilio timeout, as db-lock-under-load: under sustained load a slow event
  // loop on this machine is load, not a fault of the strategy, and must not look like one.
  target: () => ({ dbPoolMax: 10, twilioTimeoutMs: 10_000, twilioLatency: 'realistic' }),
  plan: (input) => driverOwnedPlan('sustained-load', input.instances ?? 1),
};
