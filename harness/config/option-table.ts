import { z } from 'zod';
import { DB_PROVIDERS, ENGINES, SCENARIO_NAMES, STRATEGY_NAMES } from './names.ts';
import { BURST_RELEASES, INVARIANT_CODES } from '../../model/index.ts';
import { parseDuration } from './duration.ts';
import { parseStages, parseThreshold } from './load-options.ts';
import { EXPLORE_STRATEGIES, parseExploreBudget, parseSchedule } from './explore-options.ts';
import { MAX_EXPLORE_REQUESTS } from '../../scenarios/index.ts';

// Every shared flag of docs/cli.md, once: its name, how a raw value (a flag's string, an
// environment variable, a JSON value from the config file) becomes a typed value, and the hint
// printed when it does not. The CLI builds its options from this table, the loader its env
// names, and the re-run line its flags, so the three cannot drift apart.

const truthy = ['true', '1', 'yes', 'on'];
const falsy = ['false', '0', 'no', 'off', ''];

const boolean = z.union([
  z.boolean(),
  z.string().refine((s) => [...truthy, ...falsy].includes(s.toLowerCase())).transform((s) => truthy.includes(s.toLowerCase())),
]);
const positiveInt = z.coerce.number().int().positive();
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(item).min(1));
const duration = z.union([
  z.number().positive().transform((seconds) => Math.round(seconds * 1000)),
  z.string().transform((s, ctx) => parseDuration(s) ?? (ctx.addIssue({ code: 'custom', message: 'not a duration' }), z.NEVER)),
]);
/** A parser that returns a value or a sentence saying what is wrong, as a zod schema whose issue carries that sentence. */
const parsed = <T>(parse: (text: string) => T | string) =>
  z.string().transform((s, ctx) => {
    const result = parse(s);
    if (typeof result === 'string') {
      ctx.addIssue({ code: 'custom', message: result });
      return z.NEVER;
    }
    return result;
  });
const ratePerS = z.preprocess((v) => (typeof v === 'string' ? v.trim().replace(/\/s$/, '') : v), z.coerce.number().positive().finite());
const httpUrl = z.url({ protocol: /^https?$/ });
const postgresUrl = z.url({ protocol: /^postgres(ql)?$/ });

export interface OptionSpec {
  /** camelCase key in the config object and the config file. */
  key: string;
  /** kebab-case flag name without dashes; the env var is EXACTLY_ONE_<FLAG_NAME>. */
  flag: string;
  /** Placeholder for flags that take a value; absent for boolean switches. */
  value?: string;
  description: string;
  schema: z.ZodType;
  /** What a valid value looks like, for the error's fix. */
  expected: string;
  /** Whether the option may repeat on the command line (its values are collected). */
  repeatable?: boolean;
}

export const SHARED_OPTIONS = [
  { key: 'strategy', flag: 'strategy', value: 'name', description: 'onboarding strategy of our target app', schema: z.enum(STRATEGY_NAMES), expected: `one of ${STRATEGY_NAMES.join(', ')}` },
  { key: 'scenario', flag: 'scenario', value: 'names', description: 'scenario(s) to run, comma-separated or repeated', schema: list(z.enum(SCENARIO_NAMES)), expected: `one or more of ${SCENARIO_NAMES.join(', ')}`, repeatable: true },
  { key: 'db', flag: 'db', value: 'provider', description: 'database provider (default embedded)', schema: z.enum(DB_PROVIDERS), expected: `one of ${DB_PROVIDERS.join(', ')}` },
  { key: 'databaseUrl', flag: 'database-url', value: 'url', description: 'PostgreSQL server for --db url (the run creates and drops its own databases there)', schema: postgresUrl, expected: 'a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/postgres' },
  { key: 'containerImage', flag: 'container-image', value: 'image', description: 'PostgreSQL image for --db container (default postgres:17-alpine)', schema: z.string().min(1), expected: 'an image reference, e.g. postgres:17-alpine' },
  { key: 'businesses', flag: 'businesses', value: 'n', description: 'businesses per scenario', schema: positiveInt, expected: 'a whole number ≥ 1, e.g. 20' },
  { key: 'concurrency', flag: 'concurrency', value: 'n', description: 'simultaneous requests per business', schema: positiveInt, expected: 'a whole number ≥ 1, e.g. 5' },
  { key: 'seed', flag: 'seed', value: 'n', description: 'seed of every random choice (printed in the re-run command)', schema: z.coerce.number().int().min(0).max(2 ** 32 - 1), expected: 'a whole number from 0 to 4294967295' },
  { key: 'engine', flag: 'engine', value: 'name', description: 'load engine (default undici)', schema: z.enum(ENGINES), expected: `one of ${ENGINES.join(', ')}` },
  { key: 'k6Segments', flag: 'k6-segments', value: 'n', description: 'with --engine k6: split a run over N local k6 processes (--execution-segment)', schema: positiveInt, expected: 'a whole number ≥ 1' },
  { key: 'targetCmd', flag: 'target-cmd', value: 'command', description: 'start this command as the target (external-target mode)', schema: z.string().trim().min(1), expected: 'a shell command, e.g. "node dist/server.js"' },
  { key: 'targetUrl', flag: 'target-url', value: 'url', description: 'an already running target (external-target mode)', schema: httpUrl, expected: 'an http(s) URL, e.g. http://127.0.0.1:3000' },
  { key: 'instances', flag: 'instances', value: 'n', description: 'target instances for --target-cmd', schema: positiveInt, expected: 'a whole number ≥ 1' },
  { key: 'twilioPort', flag: 'twilio-port', value: 'port', description: 'port of the fake Twilio (0 = any free port)', schema: z.coerce.number().int().min(0).max(65535), expected: 'a port number from 0 to 65535' },
  { key: 'twilioAccountSid', flag: 'twilio-account-sid', value: 'sid', description: 'account SID the fake Twilio accepts', schema: z.string().regex(/^AC[0-9a-f]{32}$/), expected: '"AC" followed by 32 lowercase hex digits' },
  { key: 'twilioAuthToken', flag: 'twilio-auth-token', value: 'token', description: 'auth token the fake Twilio accepts', schema: z.string().min(1), expected: 'a non-empty token' },
  { key: 'publicBaseUrl', flag: 'public-base-url', value: 'url', description: "the target's PUBLIC_BASE_URL (webhook URLs)", schema: httpUrl, expected: 'an http(s) URL, e.g. https://app.example.com' },
  { key: 'burstRelease', flag: 'burst-release', value: 'mode', description: 'concurrent-burst, multi-instance: staggered (default: each burst gets the target to itself) or together (every business at once, load-shaped)', schema: z.enum(BURST_RELEASES), expected: `one of ${BURST_RELEASES.join(', ')}` },
  { key: 'timeScale', flag: 'time-scale', value: 'x', description: 'divide scenario durations by this', schema: z.coerce.number().positive().finite(), expected: 'a number > 0, e.g. 500' },
  { key: 'repeat', flag: 'repeat', value: 'n', description: 'run everything N times', schema: positiveInt, expected: 'a whole number ≥ 1' },
  { key: 'untilFail', flag: 'until-fail', description: 'repeat until a run fails (bounded by --repeat, default 100)', schema: boolean, expected: 'true or false' },
  { key: 'timeout', flag: 'timeout', value: 'duration', description: 'give up after this long (e.g. 90s, 10m, 1500ms) and clean up', schema: duration, expected: 'a duration such as 90s, 10m, 1h or 1500ms (a bare number is seconds)' },
  { key: 'rate', flag: 'rate', value: 'n/s', description: 'sustained-load: arrivals per second (constant; with --stages, the rate the first ramp starts from)', schema: ratePerS, expected: 'a number of arrivals per second > 0, e.g. 50 or 50/s' },
  { key: 'duration', flag: 'duration', value: 'duration', description: 'sustained-load: how long --rate is held (default 15s)', schema: duration, expected: 'a duration such as 30s, 10m or 2h (a bare number is seconds)' },
  { key: 'stages', flag: 'stages', value: 'd:rate,…', description: 'sustained-load: linear ramps from the previous target, e.g. "30s:10,5m:50,30s:0" (default "5s:10,10s:10")', schema: parsed(parseStages), expected: 'comma-separated <duration>:<rate> stages, e.g. "30s:10,5m:50"' },
  { key: 'maxInFlight', flag: 'max-in-flight', value: 'n', description: 'sustained-load: most arrivals outstanding at once; arrivals beyond it are dropped (default 200)', schema: positiveInt, expected: 'a whole number ≥ 1, e.g. 200' },
  { key: 'duplicates', flag: 'duplicates', value: 'share', description: 'sustained-load: share of businesses that also send a duplicate (default 0.3)', schema: z.coerce.number().min(0).max(1), expected: 'a number from 0 to 1, e.g. 0.3' },
  { key: 'explore', flag: 'explore', value: 'search', description: 'interleavings: dfs (default: bounded exhaustive search, fewest preemptions first) or pct (seeded random sampling: not in this version)', schema: z.enum(EXPLORE_STRATEGIES), expected: `one of ${EXPLORE_STRATEGIES.join(', ')}` },
  { key: 'exploreRequests', flag: 'explore-requests', value: 'k', description: `interleavings: concurrent onboarding requests per schedule (default 2, at most ${MAX_EXPLORE_REQUESTS})`, schema: z.coerce.number().int().min(1).max(MAX_EXPLORE_REQUESTS), expected: `a whole number from 1 to ${MAX_EXPLORE_REQUESTS}` },
  { key: 'exploreBound', flag: 'explore-bound', value: 'n', description: 'interleavings: most preemptions per schedule (default 2)', schema: z.coerce.number().int().min(0).max(10), expected: 'a whole number from 0 to 10' },
  { key: 'exploreFaults', flag: 'explore-faults', value: 'n', description: 'interleavings: purchase responses that may be dropped after their commit, per schedule (default 1)', schema: z.coerce.number().int().min(0).max(4), expected: 'a whole number from 0 to 4' },
  { key: 'exploreBudget', flag: 'explore-budget', value: 'n|duration', description: 'interleavings: schedules or time per cell, whichever first (default 300,60s; the gate 60,12s)', schema: parsed(parseExploreBudget), expected: 'a number of schedules (300), a duration (20s), or both (300,20s)' },
  { key: 'schedule', flag: 'schedule', value: 'id', description: 'interleavings: replay this one schedule (the id a failing run prints) instead of searching', schema: parsed(parseSchedule), expected: 'a schedule id such as no-key:r0a1b2c3d.r1a1b2c3d' },
  { key: 'exploreAll', flag: 'explore-all', description: 'interleavings: keep exploring after the first failing schedule of a client behaviour', schema: boolean, expected: 'true or false' },
  { key: 'pgProxy', flag: 'pg-proxy', description: "put the explorer's PostgreSQL proxy, passing everything through, between the target and its database in every scenario (to check your app works through it; interleavings always has it)", schema: boolean, expected: 'true or false' },
  { key: 'skipInvariant', flag: 'skip-invariant', value: 'code', description: 'do not judge this invariant (reported as skipped everywhere); repeatable', schema: list(z.enum(INVARIANT_CODES)), expected: `one or more of ${INVARIANT_CODES.join(', ')}`, repeatable: true },
  { key: 'threshold', flag: 'threshold', value: 'expr', description: 'sustained-load: fail (exit 1) unless <metric><op><value> holds; metrics p50 p90 p95 p99 max (ms) error_rate dropped achieved_rate, ops < <= > >=; repeatable', schema: list(parsed(parseThreshold)), expected: 'expressions such as p95<1500 or error_rate<0.01 (metrics p50 p90 p95 p99 max error_rate dropped achieved_rate; ops < <= > >=)', repeatable: true },
  { key: 'abortOnFail', flag: 'abort-on-fail', description: 'sustained-load: stop the arrivals as soon as a threshold can no longer hold', schema: boolean, expected: 'true or false' },
  { key: 'requireBrowser', flag: 'require-browser', description: 'fail (exit 3) instead of skipping browser scenarios without Chromium (implied by CI=true)', schema: boolean, expected: 'true or false' },
  { key: 'reportDir', flag: 'report-dir', value: 'dir', description: 'where run reports are written (default reports/runs)', schema: z.string().min(1), expected: 'a directory path' },
  { key: 'json', flag: 'json', description: 'print the result as JSON on stdout', schema: boolean, expected: 'true or false' },
  { key: 'debug', flag: 'debug', description: 'print stack traces and debug logs', schema: boolean, expected: 'true or false' },
] as const satisfies readonly OptionSpec[];

export type SharedOptionKey = (typeof SHARED_OPTIONS)[number]['key'];

export function envName(spec: Pick<OptionSpec, 'flag'>): string {
  return `EXACTLY_ONE_${spec.flag.toUpperCase().replaceAll('-', '_')}`;
}

export function optionByKey(key: string): OptionSpec | undefined {
  return (SHARED_OPTIONS as readonly OptionSpec[]).find((o) => o.key === key);
}
