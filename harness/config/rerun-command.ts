import { formatDuration } from './duration.ts';
import { formatStages } from './load-options.ts';
import { formatExploreBudget, formatSchedule } from './explore-options.ts';
import { SHARED_OPTIONS, type OptionSpec } from './option-table.ts';
import { CONFIG_DEFAULTS, type RunConfig } from './run-config.ts';

// The exact command that re-runs a run (docs/cli.md: "a failing run prints the exact command
// that re-runs it, with its seed"). It carries every value that differs from the defaults —
// wherever it came from (file, env or flag) — so it works without the config file or the
// environment, and always the seed.

export interface RerunOptions {
  /** Positional arguments (the scenarios of `run`). */
  positionals?: readonly string[];
  /** The seed of one failing attempt: re-runs that attempt alone (drops --repeat/--until-fail). */
  seed?: number;
}

/** Values that change the run's outcome; --debug and the config file path do not. */
const NOT_RERUN = new Set(['debug', 'seed']);

export function formatRerunCommand(command: string, config: RunConfig, options: RerunOptions = {}): string {
  const words = ['npx', 'exactly-one', command, ...(options.positionals ?? [])];
  const oneAttempt = options.seed !== undefined;
  for (const spec of SHARED_OPTIONS as readonly OptionSpec[]) {
    if (NOT_RERUN.has(spec.key)) continue;
    if (oneAttempt && (spec.key === 'repeat' || spec.key === 'untilFail')) continue;
    if (spec.key === 'scenario' && options.positionals?.length) continue;
    const value = valueOf(config, spec.key);
    if (value === undefined || isDefault(config, spec.key, value)) continue;
    if (typeof value === 'boolean') words.push(value ? `--${spec.flag}` : `--no-${spec.flag}`);
    else if (Array.isArray(value)) words.push(`--${spec.flag}`, value.join(','));
    else words.push(`--${spec.flag}`, spec.key === 'timeout' || spec.key === 'duration' ? formatDuration(value as number) : String(value));
  }
  words.push('--seed', String(options.seed ?? config.seed));
  return words.map(shellQuote).join(' ');
}

function valueOf(config: RunConfig, key: string): unknown {
  if (key === 'timeout') return config.timeoutMs;
  // The load profile is kept parsed; the re-run line writes it back as the user would.
  if (key === 'duration') return config.durationMs;
  if (key === 'stages') return config.stages && formatStages(config.stages);
  if (key === 'threshold') return config.thresholds?.map((t) => t.expression);
  if (key === 'exploreBudget') return config.exploreBudget && formatExploreBudget(config.exploreBudget);
  if (key === 'schedule') return config.schedule && formatSchedule(config.schedule);
  return (config as unknown as Record<string, unknown>)[key];
}

function isDefault(config: RunConfig, key: string, value: unknown): boolean {
  if (key === 'repeat') return value === (config.untilFail ? CONFIG_DEFAULTS.untilFailRepeat : CONFIG_DEFAULTS.repeat);
  // requireBrowser implied by CI=true is the environment's, not the run's: a local re-run may skip.
  if (key === 'requireBrowser' && config.sources.requireBrowser === 'CI=true') return true;
  return key in CONFIG_DEFAULTS && (CONFIG_DEFAULTS as Record<string, unknown>)[key] === value;
}

export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-.,:/@=+%]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
