import type { ScenarioName, ScenarioPlan } from './scenario-plan.ts';

/**
 * The plan of a scenario whose driver makes its own traffic (open-model load, the interleaving
 * explorer): no phases of bursts and no planned faults; the driver seeds the businesses it judges.
 */
export function driverOwnedPlan(scenario: ScenarioName, instances: number, extra: Partial<ScenarioPlan> = {}): ScenarioPlan {
  return { scenario, businesses: 0, names: [], areaCode: '828', instances, phases: [], faults: [], burstSize: null, ...extra };
}
