import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { SHARED_OPTIONS, envName, type OptionSpec } from './option-table.ts';
import { CONFIG_DEFAULTS, DEFAULT_CONFIG_FILE, type RunConfig } from './run-config.ts';

// Merges the three layers of docs/cli.md — config file < EXACTLY_ONE_* environment < flags —
// and validates the result once. Each value is validated with its source at hand, so an error
// can say which flag, variable or file key to fix.

export interface LoadConfigInput {
  /** Flags as the CLI parsed them: camelCase keys, raw strings / booleans / string arrays. */
  flags?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

interface Given {
  raw: unknown;
  source: string;
  kind: 'flag' | 'env' | 'config';
}

const ERROR_CODE = { flag: 'E_BAD_FLAG', env: 'E_BAD_ENV', config: 'E_BAD_CONFIG' } as const;

export function loadConfig(input: LoadConfigInput = {}): RunConfig {
  const flags = input.flags ?? {};
  const env = input.env ?? process.env;
  const cwd = input.cwd ?? process.cwd();
  const file = readConfigFile(flags, env, cwd);

  const given = new Map<string, Given>();
  for (const spec of SHARED_OPTIONS as readonly OptionSpec[]) {
    const fromFlag = flags[spec.key];
    const fromEnv = env[envName(spec)];
    if (fromFlag !== undefined) given.set(spec.key, { raw: fromFlag, source: `--${spec.flag}`, kind: 'flag' });
    else if (fromEnv !== undefined && fromEnv !== '') given.set(spec.key, { raw: fromEnv, source: envName(spec), kind: 'env' });
    else if (file && spec.key in file.values) {
      given.set(spec.key, { raw: file.values[spec.key], source: `${file.path} (key "${spec.key}")`, kind: 'config' });
    }
  }

  const values: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const spec of SHARED_OPTIONS as readonly OptionSpec[]) {
    const entry = given.get(spec.key);
    if (!entry) continue;
    values[spec.key] = validateOne(spec, entry);
    sources[spec.key] = entry.source;
  }
  if (values.requireBrowser === undefined && env.CI === 'true') {
    values.requireBrowser = true;
    sources.requireBrowser = 'CI=true';
  }
  if (values.seed === undefined) values.seed = randomInt(0, 2 ** 31);
  const untilFail = (values.untilFail as boolean | undefined) ?? CONFIG_DEFAULTS.untilFail;
  const { timeout, duration, threshold, ...rest } = values;

  const config: RunConfig = {
    ...CONFIG_DEFAULTS,
    repeat: untilFail ? CONFIG_DEFAULTS.untilFailRepeat : CONFIG_DEFAULTS.repeat,
    ...(rest as Partial<RunConfig>),
    ...(timeout === undefined ? {} : { timeoutMs: timeout as number }),
    ...(duration === undefined ? {} : { durationMs: duration as number }),
    ...(threshold === undefined ? {} : { thresholds: threshold as RunConfig['thresholds'] }),
    ...(file ? { configFile: file.path } : {}),
    seed: values.seed as number,
    sources,
  };
  delete (config as { untilFailRepeat?: number }).untilFailRepeat;
  checkCombinations(config, env);
  return Object.freeze(config);
}

function validateOne(spec: OptionSpec, entry: Given): unknown {
  const result = spec.schema.safeParse(entry.raw);
  if (result.success) return result.data;
  const shown = JSON.stringify(entry.raw);
  const where = entry.kind === 'flag' ? `--${spec.flag} ${shown}` : entry.kind === 'env' ? `${entry.source}=${shown}` : `${entry.source}: ${shown}`;
  throw new UsageError({
    code: ERROR_CODE[entry.kind],
    message: `${entry.source} must be ${spec.expected}; got ${shown}${reasonOf(result.error)}`,
    value: entry.raw,
    source: entry.source,
    fix: `change ${where} to ${spec.expected}`,
  });
}

/** The sentence a custom parser gave (e.g. which stage of --stages is wrong), if any. */
function reasonOf(error: { issues: readonly { code: string; message: string }[] }): string {
  const custom = error.issues.filter((issue) => issue.code === 'custom' && issue.message !== 'not a duration').map((issue) => issue.message);
  return custom.length > 0 ? ` (${custom.join('; ')})` : '';
}

function checkCombinations(config: RunConfig, env: NodeJS.ProcessEnv): void {
  if (config.stages && config.durationMs !== undefined) {
    throw new UsageError({
      code: 'E_CONFLICTING_LOAD_PROFILE',
      message: `--stages (${config.sources.stages}) and --duration (${config.sources.duration}) both give the length of the load profile`,
      value: [config.stages, config.durationMs],
      fix: 'give --stages "<d>:<rate>,…" for a ramping profile, or --rate with --duration for a constant one',
    });
  }
  if (config.db === 'url' && !config.databaseUrl) {
    const hint = env.DATABASE_URL ? ' (DATABASE_URL is set, but is never used on its own: pass --database-url "$DATABASE_URL" to use it)' : '';
    throw new UsageError({
      code: 'E_MISSING_DATABASE_URL',
      message: `--db url needs a PostgreSQL server to create and drop its databases on${hint}`,
      value: undefined,
      source: config.sources.db,
      fix: 'add --database-url postgres://user@host:5432/postgres (or set EXACTLY_ONE_DATABASE_URL), or use --db embedded',
    });
  }
  if (config.databaseUrl && config.db !== 'url') {
    throw new UsageError({
      code: 'E_DATABASE_URL_WITHOUT_URL_DB',
      message: `a database URL was given (${config.sources.databaseUrl}) but the database provider is ${config.db}: a URL never selects a provider, because the run creates and drops databases there`,
      value: config.databaseUrl,
      source: config.sources.databaseUrl,
      fix: `add --db url to use it, or remove ${config.sources.databaseUrl}`,
    });
  }
  if (config.pgProxy && config.targetUrl) {
    throw new UsageError({
      code: 'E_PG_PROXY_WITHOUT_DATABASE',
      message: `--pg-proxy (${config.sources.pgProxy}) needs the harness to give the target its database, and a --target-url target (${config.sources.targetUrl}) has its own`,
      value: config.targetUrl,
      source: config.sources.pgProxy,
      fix: 'start your app with --target-cmd so that it reads the DATABASE_URL the harness gives it, or leave out --pg-proxy',
    });
  }
  if (config.targetCmd && config.targetUrl) {
    throw new UsageError({
      code: 'E_CONFLICTING_TARGETS',
      message: `--target-cmd (${config.sources.targetCmd}) and --target-url (${config.sources.targetUrl}) both name the target`,
      value: [config.targetCmd, config.targetUrl],
      fix: 'give one of them: --target-cmd to let the harness start (and kill) the target, --target-url for one already running',
    });
  }
}

interface ConfigFile {
  path: string;
  values: Record<string, unknown>;
}

const KNOWN_KEYS = new Map<string, string>(
  (SHARED_OPTIONS as readonly OptionSpec[]).flatMap((o) => [[o.key, o.key], [o.flag, o.key]] as [string, string][]),
);

function readConfigFile(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, cwd: string): ConfigFile | undefined {
  const explicit = (flags.config as string | undefined) ?? (env.EXACTLY_ONE_CONFIG || undefined);
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  if (!explicit && !existsSync(path)) return undefined;
  const source = flags.config !== undefined ? '--config' : explicit ? 'EXACTLY_ONE_CONFIG' : 'the default config file';
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError({
      code: missing ? 'E_CONFIG_NOT_FOUND' : 'E_CONFIG_UNREADABLE',
      message: missing ? `config file ${path} (from ${source}) does not exist` : `config file ${path} is not valid JSON: ${(error as Error).message}`,
      value: explicit ?? path,
      source,
      fix: missing ? `create it, or correct the path given by ${source}` : `fix the JSON in ${path} (keys as the flags, e.g. { "strategy": "idempotent", "businesses": 20 })`,
      cause: error,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError({ code: 'E_CONFIG_UNREADABLE', message: `config file ${path} must hold a JSON object`, value: parsed, source: path, fix: 'write an object such as { "strategy": "idempotent" }' });
  }
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === '$schema') continue;
    const known = KNOWN_KEYS.get(key);
    if (!known) {
      throw new UsageError({
        code: 'E_CONFIG_UNKNOWN_KEY',
        message: `config file ${path} has an unknown key "${key}"${suggest(key)}`,
        value: key,
        source: path,
        fix: `remove "${key}" or use one of: ${[...new Set(KNOWN_KEYS.values())].join(', ')}`,
      });
    }
    values[known] = value;
  }
  return { path, values };
}

function suggest(key: string): string {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const keys = [...new Set(KNOWN_KEYS.values())];
  const best = keys.map((k) => ({ k, d: editDistance(norm(k), norm(key)) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= 3 ? ` (did you mean "${best.k}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}
