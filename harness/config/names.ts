// The names the configuration accepts. Scenario and strategy names are the contract table's own
// (model/names.ts), so the CLI and the expected matrix cannot drift apart.
import { SCENARIO_NAMES, STRATEGY_NAMES, type ScenarioName, type StrategyName } from '../../model/index.ts';

export { SCENARIO_NAMES, STRATEGY_NAMES, type ScenarioName, type StrategyName };

export const DB_PROVIDERS = ['embedded', 'url', 'container'] as const;

export const ENGINES = ['undici', 'k6'] as const;

export type DbProvider = (typeof DB_PROVIDERS)[number];
export type EngineName = (typeof ENGINES)[number];
