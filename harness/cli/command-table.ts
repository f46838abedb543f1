import { z } from 'zod';
import { optionByKey, type RunConfig } from '../config/index.ts';

// The commands of docs/cli.md (contract) and the options each has besides the shared ones.

export const COMMAND_NAMES = ['gate', 'matrix', 'reproduce', 'run', 'fake-twilio', 'target-app', 'reconcile', 'bench', 'init'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface OwnOption {
  key: string;
  /** commander flags, e.g. '--port <port>' */
  flags: string;
  description: string;
  schema: z.ZodType;
  expected: string;
}

export interface CommandSpec {
  name: CommandName;
  summary: string;
  /** commander argument syntax, e.g. '<scenario...>' */
  argument?: { syntax: string; description: string };
  own: OwnOption[];
  /** Its arguments go to the command untouched (reconcile has its own flags and help). */
  passThrough?: boolean;
  /** Runs scenarios: a failure prints the re-run command. */
  runsScenarios?: boolean;
  /** false: only its own options (init writes a config; the run flags would mean nothing to it). */
  sharedOptions?: false;
}

/** A shared flag taken as a command's own option: the same flag, schema and hint. */
function sharedAsOwn(key: string, description?: string): OwnOption {
  const spec = optionByKey(key)!;
  return { key, flags: `--${spec.flag} <${spec.value}>`, description: description ?? spec.description, schema: spec.schema, expected: spec.expected };
}

const port: OwnOption['schema'] = z.coerce.number().int().min(0).max(65535);

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'gate', summary: 'CI gate: concurrent-burst, rapid-clicks, network-failure, multi-instance, interleavings against idempotent (or --strategy / --target-cmd / --target-url)', own: [], runsScenarios: true },
  { name: 'matrix', summary: 'every scenario × strategy cell of docs/scenarios.md; fails if a verdict or a broken invariant differs', own: [], runsScenarios: true },
  { name: 'reproduce', summary: "the incident (Tom's Garage) with naive, then idempotent, side by side", own: [], runsScenarios: true },
  { name: 'run', summary: 'any scenarios with any settings', argument: { syntax: '<scenario...>', description: 'scenario names' }, own: [], runsScenarios: true },
  {
    name: 'fake-twilio',
    summary: 'the fake Twilio alone',
    own: [
      { key: 'port', flags: '--port <port>', description: 'port to listen on (0 = any free port)', schema: port, expected: 'a port number from 0 to 65535' },
      { key: 'accountSid', flags: '--account-sid <sid>', description: 'account SID to accept', schema: z.string().regex(/^AC[0-9a-f]{32}$/), expected: '"AC" followed by 32 lowercase hex digits' },
      { key: 'authToken', flags: '--auth-token <token>', description: 'auth token to accept', schema: z.string().min(1), expected: 'a non-empty token' },
      { key: 'latency', flags: '--latency <mode>', description: 'realistic purchase latency (on) or none (off)', schema: z.enum(['on', 'off']), expected: 'on or off' },
    ],
  },
  {
    name: 'target-app',
    summary: 'our app + embedded database + fake Twilio, for a person to try (prints the URLs and an onboarding link)',
    own: [
      { key: 'port', flags: '--port <port>', description: "the app's port (0 = any free port)", schema: port, expected: 'a port number from 0 to 65535' },
      { key: 'twilioUrl', flags: '--twilio-url <url>', description: 'use a fake (or real-shaped) Twilio already running there instead of starting one; give --twilio-account-sid and --twilio-auth-token', schema: z.url({ protocol: /^https?$/ }), expected: 'an http(s) URL' },
    ],
  },
  { name: 'reconcile', summary: 'database vs Twilio: duplicates, orphans, dangling, webhooks (its own flags: --apply, --yes, --price, --json; see reconcile --help)', own: [], passThrough: true },
  {
    name: 'init',
    summary: 'writes exactly-one.config.json and .github/workflows/exactly-one.yml for your app (asks on a terminal for what no flag gave)',
    sharedOptions: false,
    own: [
      sharedAsOwn('targetCmd', 'the command that starts your app (it is recorded, never run)'),
      sharedAsOwn('instances', 'target instances for concurrent-burst and multi-instance (default 1 and 3)'),
      sharedAsOwn('publicBaseUrl'),
      { key: 'force', flags: '--force', description: 'replace existing files', schema: z.boolean(), expected: 'a switch' },
    ],
  },
  {
    name: 'bench',
    summary: 'performance measurements, one JSON line each (docs/bench.md)',
    own: [
      { key: 'quick', flags: '--quick', description: 'a smaller, faster version', schema: z.boolean(), expected: 'a switch' },
      { key: 'only', flags: '--only <names>', description: 'only the benches printing these lines, comma separated: a line name (load.max_rate_per_s) or its first part (load)', schema: z.string().min(1), expected: 'bench line names, comma separated' },
    ],
  },
];

/** What a command receives: the validated configuration and the run's context. */
export interface CommandContext {
  command: CommandName;
  /** Positional arguments: the scenarios of `run`; every argument of `reconcile`. */
  args: string[];
  /** The command's own options, validated (e.g. bench's { quick }). */
  options: Record<string, unknown>;
  /** Aborted on Ctrl-C, SIGTERM or --timeout: stop starting work, release what you hold. */
  signal: AbortSignal;
  /** Registers a cleanup that runs (last first) on every exit: success, failure, crash or Ctrl-C. */
  onShutdown(fn: () => unknown): () => void;
  stdout(text: string): void;
  stderr(text: string): void;
  /** The exact command that re-runs this run (or one attempt of it, given its seed). */
  rerunCommand(options?: { seed?: number }): string;
}

/** A command's result: an exit code, or one with the seed of the failing attempt (--repeat). */
export type CommandOutcome = number | { exitCode: number; failingSeed?: number };

export type CommandAction = (config: RunConfig, context: CommandContext) => Promise<CommandOutcome>;

export type CommandActions = Partial<Record<CommandName, CommandAction>>;
