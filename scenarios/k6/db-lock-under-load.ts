// db-lock-under-load (docs/scenarios.md) in k6: 200 businesses × 3 simultaneous requests against a target
// started with DB_POOL_MAX=5; the harness samples lock waits on its side. k6 adds a latency
// threshold of its own so a run whose p99 explodes is visible in k6's summary too.
import exec from 'k6/execution';
import { dbLockUnderLoad } from '../db-lock-under-load.ts';
import { loadFixtures, perBusinessScenario, runBusiness, THRESHOLDS, waitForStart } from './k6-onboarding.ts';

const fixtures = loadFixtures();
const plan = dbLockUnderLoad.plan({
  seed: fixtures.seed, strategy: fixtures.strategy, variant: fixtures.variant, timeScale: 1, processControl: false,
  businesses: fixtures.businesses.length, concurrency: fixtures.concurrency,
});

export const options = {
  scenarios: { 'db-lock-under-load': perBusinessScenario(plan.businesses) },
  batch: 1000,
  batchPerHost: 1000,
  thresholds: {
    ...THRESHOLDS,
    // Generous on purpose: this is the scenario that shows a lock held across a Twilio call.
    'http_req_duration{name:complete-onboarding}': [`p(99)<${Number(__ENV.P99_LIMIT_MS ?? 30_000)}`],
  },
};

export default async function (): Promise<void> {
  waitForStart(fixtures);
  await runBusiness(plan, fixtures, exec.scenario.iterationInTest);
}
