import { burstRequests } from './client-behaviours.ts';
import type { ScenarioDefinition, TrackAction } from './scenario-plan.ts';
import { seededRandom } from './seeded-random.ts';

// 200 businesses × 3 simultaneous requests with a pool of 5 connections and realistic purchase
// latency: a strategy that holds a connection (or a row lock) across the Twilio call queues
// everyone behind it. Throughput, p99 and lock waits are recorded (DESIGN §7).
export const dbLockUnderLoad: ScenarioDefinition = {
  name: 'db-lock-under-load',
  summary: '200 businesses × 3 simultaneous requests, DB_POOL_MAX=5, realistic purchase latency',
  usesPage: false,
  target: () => ({ dbPoolMax: 5, twilioTimeoutMs: 2_000, twilioLatency: 'realistic' }),
  plan(input) {
    const businesses = input.businesses ?? 200;
    const concurrency = input.concurrency ?? 3;
    const random = seededRandom(input.seed);
    const tracks: TrackAction[][] = Array.from({ length: businesses }, (_, b) => [
      { do: 'burst', requests: burstRequests(b, concurrency, input.variant, random) },
    ]);
    return {
      scenario: 'db-lock-under-load',
      businesses,
      names: [],
      areaCode: '828',
      instances: 1,
      phases: [{ label: 'load', twilioFaults: [], tracks }],
      faults: [],
      burstSize: concurrency,
    };
  },
};
