// Run configuration (docs/cli.md): the shared flags, their env variables and config-file keys,
// merged (config file < env < flags) and validated once.
export { loadConfig, type LoadConfigInput } from './load-config.ts';
export { formatRerunCommand, shellQuote, type RerunOptions } from './rerun-command.ts';
export { CONFIG_DEFAULTS, DEFAULT_CONFIG_FILE, type RunConfig } from './run-config.ts';
export { SHARED_OPTIONS, envName, optionByKey, type OptionSpec, type SharedOptionKey } from './option-table.ts';
export { parseDuration, formatDuration } from './duration.ts';
export {
  parseStages, parseThreshold, formatStages, stagesOf, loadSettingsOf,
  THRESHOLD_METRICS, THRESHOLD_OPS, DEFAULT_LOAD_STAGES, DEFAULT_MAX_IN_FLIGHT, DEFAULT_DUPLICATES,
  type LoadStage, type LoadSettings, type ThresholdSpec, type ThresholdMetric, type ThresholdOp,
} from './load-options.ts';
export {
  exploreSettingsOf, parseExploreBudget, parseSchedule, formatSchedule, formatExploreBudget, EXPLORE_STRATEGIES,
  type ExploreSettings, type ExploreBudget, type ExploreStrategy, type ScheduleToReplay,
} from './explore-options.ts';
export {
  SCENARIO_NAMES,
  STRATEGY_NAMES,
  DB_PROVIDERS,
  ENGINES,
  type ScenarioName,
  type StrategyName,
  type DbProvider,
  type EngineName,
} from './names.ts';
