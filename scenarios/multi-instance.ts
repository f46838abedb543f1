import { concurrentBurst } from './concurrent-burst.ts';
import type { ScenarioDefinition } from './scenario-plan.ts';

// Three target instances on one database; each business's burst is dealt round-robin across
// them, so an in-memory guard in one process cannot see the others' requests (docs/scenarios.md).
export const multiInstance: ScenarioDefinition = {
  name: 'multi-instance',
  summary: '3 target instances on one database, each burst round-robin across them',
  usesPage: false,
  target: () => ({ dbPoolMax: 10, twilioTimeoutMs: 2_000, twilioLatency: 'realistic' }),
  plan(input) {
    const instances = input.instances ?? 3;
    const plan = concurrentBurst.plan({ ...input, instances, concurrency: input.concurrency ?? 6 });
    return { ...plan, scenario: 'multi-instance', instances };
  },
};
