// Scenario and strategy names (DESIGN §7, §4.1; contract).
// TODO: import SCENARIO_NAMES / STRATEGY_NAMES from scenarios/expectations.ts once it lands, so the
// table and the CLI cannot drift apart; until then they are declared here, as the contract spells them.

export const SCENARIO_NAMES = [
  'concurrent-burst',
  'rapid-clicks',
  'network-failure',
  'multi-instance',
  'db-lock-under-load',
  'incident-replay',
] as const;

export const STRATEGY_NAMES = ['naive', 'row-lock', 'idempotent', 'memory-dedupe', 'rate-limit'] as const;

export const DB_PROVIDERS = ['embedded', 'url', 'container'] as const;

export const ENGINES = ['undici', 'k6'] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];
export type StrategyName = (typeof STRATEGY_NAMES)[number];
export type DbProvider = (typeof DB_PROVIDERS)[number];
export type EngineName = (typeof ENGINES)[number];
