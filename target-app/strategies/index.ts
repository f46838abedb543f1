import type { StrategyName } from '../config.ts';
import type { OnboardingStrategy, StrategyDependencies } from './onboarding-strategy.ts';
import { createIdempotentStrategy } from './idempotent.ts';
import { createMemoryDedupeStrategy } from './memory-dedupe.ts';
import { createNaiveStrategy } from './naive.ts';
import { createRateLimitStrategy } from './rate-limit.ts';
import { createRowLockStrategy } from './row-lock.ts';

export type { OnboardingRequest, OnboardingStrategy, StrategyDependencies } from './onboarding-strategy.ts';

const factories: Record<StrategyName, (deps: StrategyDependencies) => OnboardingStrategy> = {
  idempotent: createIdempotentStrategy,
  naive: createNaiveStrategy,
  'row-lock': createRowLockStrategy,
  'memory-dedupe': createMemoryDedupeStrategy,
  'rate-limit': createRateLimitStrategy,
};

export const createStrategy = (name: StrategyName, deps: StrategyDependencies): OnboardingStrategy => factories[name](deps);
