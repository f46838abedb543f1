import { burstRequests } from './client-behaviours.ts';
import type { ScenarioDefinition } from './scenario-plan.ts';
import { seededRandom, shuffled } from './seeded-random.ts';

/** Warm-up bursts before the measured ones: several together (the pool opens), then one alone. */
export const WARM_UP_BURSTS = 4;

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
    const perBusiness = Array.from({ length: businesses }, (_, b) =>
      burstRequests(b, concurrency, input.variant, random, (i) => i % instances));
    const release = input.burstRelease ?? 'staggered';
    // Staggered: businesses in a seeded order of their own (a separate stream, so the keys drawn
    // above are the same whichever release is chosen).
    const requests = (release === 'staggered' ? shuffled(perBusiness, seededRandom(input.seed ^ 0x5a17)) : perBusiness).flat();
    return {
      scenario: 'concurrent-burst',
      businesses,
      names: [],
      areaCode: '828',
      instances,
      // Staggered (default): each business's burst gets the target to itself, released once the
      // previous one has arrived, not once it was answered (that would take minutes). Together:
      // every request of every business leaves at once, as load-shaped runs want.
      phases: [{ label: 'burst', twilioFaults: [], tracks: [[{ do: 'burst', requests, release }]] }],
      faults: [],
      burstSize: concurrency,
      // Warm-up goes with staggering: `together` stays today's release exactly, cold target included.
      warmUp: release === 'staggered' ? { bursts: WARM_UP_BURSTS, concurrency } : null,
    };
  },
};
