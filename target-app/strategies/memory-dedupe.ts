// The RCA's sketch: remember Idempotency-Keys in a process-local Set. A seen key answers
// "already processed" without a number; a new key or no key falls through to the naive
// check-then-act. Keys per click (the rca-keys page) never repeat, so it dedupes nothing,
// and the Set is lost on restart and not shared between instances.
import type { OnboardingStrategy, StrategyDependencies } from './onboarding-strategy.ts';
import { checkThenBuy } from './naive.ts';

export function createMemoryDedupeStrategy(deps: StrategyDependencies): OnboardingStrategy {
  const processedKeys = new Set<string>();
  return {
    name: 'memory-dedupe',
    middleware: [],
    completeOnboarding: async (request) => {
      if (request.idempotencyKey !== null) {
        if (processedKeys.has(request.idempotencyKey)) {
          return { status: 200, body: { success: true, message: 'Request already processed' } };
        }
        processedKeys.add(request.idempotencyKey);
      }
      return checkThenBuy(deps, request);
    },
  };
}
