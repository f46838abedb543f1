import type { BurstRelease, InvariantCode } from '../../model/index.ts';
import type { LoadStage, ThresholdSpec } from './load-options.ts';
import type { ExploreBudget, ExploreStrategy, ScheduleToReplay } from './explore-options.ts';
import type { DbProvider, EngineName, ScenarioName, StrategyName } from './names.ts';

// The whole configuration of a run, validated once at the edge (loadConfig) and then passed
// around as typed values. Optional fields are "the scenario's or command's own default".
export interface RunConfig {
  strategy?: StrategyName;
  scenario?: ScenarioName[];
  /** --skip-invariant: codes the user opted out of; reported as skipped, never judged. */
  skipInvariant?: InvariantCode[];
  db: DbProvider;
  databaseUrl?: string;
  containerImage: string;
  businesses?: number;
  concurrency?: number;
  /** Always set: drawn at random when not given, so every run can be re-run exactly. */
  seed: number;
  engine: EngineName;
  /** --engine k6: local k6 processes, one --execution-segment each. */
  k6Segments?: number;
  targetCmd?: string;
  targetUrl?: string;
  instances?: number;
  twilioPort?: number;
  twilioAccountSid?: string;
  twilioAuthToken?: string;
  publicBaseUrl?: string;
  timeScale?: number;
  /** --burst-release; absent: each scenario's own default (docs/scenarios.md). */
  burstRelease?: BurstRelease;
  /** How many times to run; with untilFail, the most attempts (default 100), so the loop is bounded. */
  repeat: number;
  untilFail: boolean;
  /** sustained-load: arrivals per second (see stagesOf in load-options.ts). */
  rate?: number;
  /** sustained-load: --duration, in milliseconds. */
  durationMs?: number;
  stages?: LoadStage[];
  maxInFlight?: number;
  duplicates?: number;
  thresholds?: ThresholdSpec[];
  abortOnFail?: boolean;
  /** interleavings: the exploration flags (see exploreSettingsOf in explore-options.ts). */
  explore?: ExploreStrategy;
  exploreRequests?: number;
  exploreBound?: number;
  exploreFaults?: number;
  exploreBudget?: Partial<ExploreBudget>;
  schedule?: ScheduleToReplay;
  exploreAll?: boolean;
  /** --pg-proxy: the PostgreSQL proxy in pass-through mode in every scenario. */
  pgProxy?: boolean;
  /** The global --timeout, in milliseconds. */
  timeoutMs?: number;
  requireBrowser: boolean;
  reportDir?: string;
  json: boolean;
  debug: boolean;
  /** The config file that was read, if any. */
  configFile?: string;
  /** Where each given value came from: `--flag`, `EXACTLY_ONE_*`, `<file> (key "x")`, or `CI=true`. */
  sources: Readonly<Record<string, string>>;
}

export const CONFIG_DEFAULTS = {
  db: 'embedded',
  containerImage: 'postgres:17-alpine',
  engine: 'undici',
  repeat: 1,
  untilFailRepeat: 100,
  untilFail: false,
  requireBrowser: false,
  json: false,
  debug: false,
} as const;

export const DEFAULT_CONFIG_FILE = 'exactly-one.config.json';
