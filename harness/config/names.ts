// The names the configuration accepts. Scenario and strategy names are the contract table's own
// (scenarios/expectations.ts), so the CLI and the expected matrix cannot drift apart.
import { SCENARIO_NAMES, STRATEGY_NAMES } from '../../scenarios/index.ts';

export { SCENARIO_NAMES, STRATEGY_NAMES };

export const DB_PROVIDERS = ['embedded', 'url', 'container'] as const;

export const ENGINES = ['undici', 'k6'] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];
export type StrategyName = (typeof STRATEGY_NAMES)[number];
export type DbProvider = (typeof DB_PROVIDERS)[number];
export type EngineName = (typeof ENGINES)[number];
