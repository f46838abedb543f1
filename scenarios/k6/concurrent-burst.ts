// concurrent-burst (docs/scenarios.md) in k6: B businesses × C simultaneous requests, no faults.
// Run through `exactly-one run concurrent-burst --engine k6`, which seeds the businesses, writes
// FIXTURES and checks every invariant against the fake's ledger afterwards.
import exec from 'k6/execution';
import { concurrentBurst } from '../concurrent-burst.ts';
import { loadFixtures, perBusinessScenario, runBusiness, THRESHOLDS, waitForStart } from './k6-onboarding.ts';

const fixtures = loadFixtures();
const plan = concurrentBurst.plan({
  seed: fixtures.seed, strategy: fixtures.strategy, variant: fixtures.variant, timeScale: 1, processControl: false,
  businesses: fixtures.businesses.length, concurrency: fixtures.concurrency,
});

export const options = {
  scenarios: { 'concurrent-burst': perBusinessScenario(plan.businesses) },
  // Every business's C requests go out in one http.batch: let none of them queue.
  batch: 1000,
  batchPerHost: 1000,
  thresholds: THRESHOLDS,
};

export default async function (): Promise<void> {
  waitForStart(fixtures);
  await runBusiness(plan, fixtures, exec.scenario.iterationInTest);
}
