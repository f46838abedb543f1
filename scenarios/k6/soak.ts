// A soak: businesses onboarded at a steady rate for a long time, each with the burst of
// concurrent-burst (C simultaneous requests, the three client behaviours), to find what only
// shows over time — leaked connections, a growing lock queue, a memory-only dedupe set growing.
// Seed RATE × DURATION businesses (the harness does); iterations past the fixtures do nothing.
import exec from 'k6/execution';
import { concurrentBurst } from '../concurrent-burst.ts';
import { loadFixtures, runBusiness, THRESHOLDS } from './k6-onboarding.ts';

const fixtures = loadFixtures();
const plan = concurrentBurst.plan({
  seed: fixtures.seed, strategy: fixtures.strategy, variant: fixtures.variant, timeScale: 1, processControl: false,
  businesses: fixtures.businesses.length, concurrency: fixtures.concurrency,
});
const rate = Number(__ENV.RATE_PER_S ?? 5);
const duration = __ENV.DURATION ?? '10m';

export const options = {
  scenarios: {
    soak: {
      executor: 'constant-arrival-rate' as const,
      rate,
      timeUnit: '1s',
      duration,
      preAllocatedVUs: Math.max(2, rate * 3),
      maxVUs: Math.max(10, rate * 20),
    },
  },
  batch: 1000,
  batchPerHost: 1000,
  thresholds: {
    ...THRESHOLDS,
    'http_req_duration{name:complete-onboarding}': [`p(99)<${Number(__ENV.P99_LIMIT_MS ?? 10_000)}`],
  },
};

export default async function (): Promise<void> {
  await runBusiness(plan, fixtures, exec.scenario.iterationInTest);
}
