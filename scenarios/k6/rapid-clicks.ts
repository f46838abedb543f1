// rapid-clicks (docs/scenarios.md) at the API level in k6: what each page sends for 5 clicks ~20 ms
// apart, from the same plan the undici engine replays (scenarios/rapid-clicks.ts). The real
// page in a real browser is rapid-clicks-browser.ts.
import exec from 'k6/execution';
import { rapidClicks } from '../rapid-clicks.ts';
import { loadFixtures, perBusinessScenario, runBusiness, THRESHOLDS, waitForStart } from './k6-onboarding.ts';

const fixtures = loadFixtures();
const plan = rapidClicks.plan({
  seed: fixtures.seed, strategy: fixtures.strategy, variant: fixtures.variant, timeScale: 1, processControl: false,
  businesses: fixtures.businesses.length,
});

export const options = {
  scenarios: { 'rapid-clicks': perBusinessScenario(plan.businesses) },
  thresholds: THRESHOLDS,
};

export default async function (): Promise<void> {
  waitForStart(fixtures);
  await runBusiness(plan, fixtures, exec.scenario.iterationInTest);
}
