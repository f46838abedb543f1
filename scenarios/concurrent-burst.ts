import { burstRequests } from './client-behaviours.ts';
import type { ScenarioDefinition } from './scenario-plan.ts';
import { seededRandom } from './seeded-random.ts';

// B businesses × C simultaneous requests, released together; no faults (docs/scenarios.md).
export const concurrentBurst: ScenarioDefinition = {
  name: 'concurrent-burst',
  summary: 'B businesses × C simultaneous requests released together, no faults',
  usesPage: false,
  target: () => ({ dbPoolMax: 10, twilioTimeoutMs: 2_000, twilioLatency: 'realistic' }),
  plan(input) {
    const businesses = input.businesses ?? 20;
    const concurrency = input.concurrency ?? 5;
    const instances = input.instances ?? 1;
    const random = seededRandom(input.seed);
    const requests = Array.from({ length: businesses }, (_, b) =>
      burstRequests(b, concurrency, input.variant, random, (i) => i % instances)).flat();
    return {
      scenario: 'concurrent-burst',
      businesses,
      names: [],
      areaCode: '828',
      instances,
      // One burst for all businesses: every request of every business leaves together, so each
      // business's requests arrive within the engine's spread (sequential bursts would take minutes).
      phases: [{ label: 'burst', twilioFaults: [], tracks: [[{ do: 'burst', requests }]] }],
      faults: [],
      burstSize: concurrency,
    };
  },
};
