import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { EnvironmentError, UsageError } from '../errors.ts';
import { SCENARIO_NAMES, formatDuration, formatRerunCommand, loadConfig, type RunConfig } from '../config/index.ts';
import { PACKAGE_ROOT } from '../processes/node-entry.ts';
import { buildProgram, type Selection } from './build-program.ts';
import type { CommandActions, CommandContext, CommandOutcome } from './command-table.ts';
import { EXIT, exitCodeFor, formatError } from './exit-codes.ts';
import { InterruptedError, createShutdown, type SignalSource } from './shutdown.ts';

/**
 * How long an interrupted command may take to unwind — finish what is in flight, check what ran,
 * write its reports — before the cleanups run anyway. Longer than the load driver's 5 s drain plus
 * the checks; a second Ctrl-C does not wait.
 */
const UNWIND_GRACE_MS = 20_000;

// The CLI's one entry: parse, validate once, run the chosen command with a signal and a
// cleanup registry, and turn whatever happens into docs/cli.md's exit code. Commands are
// injected so this file knows nothing of scenarios, processes or databases.

export interface CliDeps {
  commands: CommandActions;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where SIGINT/SIGTERM come from (process by default). */
  signals?: SignalSource;
  /** The second Ctrl-C's immediate exit (process.exit by default). */
  forceExit?: (code: number) => void;
  /** How long an interrupted command may take to unwind before the cleanups run anyway. */
  graceMs?: number;
  /** A repeat signal within this many ms is the same Ctrl-C forwarded by npm/tsx (default 1 000). */
  duplicateSignalMs?: number;
}

export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const stdout = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = deps.stderr ?? ((text: string) => void process.stderr.write(text));
  const env = deps.env ?? process.env;
  const cwd = deps.cwd ?? process.cwd();
  let debug = argv.includes('--debug') || /^(1|true|yes|on)$/i.test(env.EXACTLY_ONE_DEBUG ?? '');

  let selection: Selection | undefined;
  const program = buildProgram(packageVersion(), { writeOut: stdout, writeErr: stderr }, (s) => (selection = s));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) return fail(error);
    if (error.exitCode === 0) return EXIT.ok; // --help, --version
    const command = argv.find((word) => !word.startsWith('-'));
    const known = program.commands.some((c) => c.name() === command);
    stderr(`  hint: run \`exactly-one ${known ? `${command} ` : ''}--help\` for the ${known ? 'flags' : 'commands'}\n`);
    return EXIT.usage;
  }
  if (!selection) return EXIT.usage;
  const chosen: Selection = selection;

  let config: RunConfig;
  let options: Record<string, unknown>;
  try {
    const flags = { ...chosen.flags };
    if (chosen.command === 'run') flags.scenario = checkScenarioArgs(chosen.args);
    config = loadConfig({ flags, env, cwd });
    options = checkOwnOptions(chosen);
  } catch (error) {
    return fail(error);
  }
  debug = config.debug;

  const action = deps.commands[chosen.command];
  if (!action) return fail(new Error(`the command "${chosen.command}" is not wired to an implementation`));

  await using shutdown = createShutdown({ signals: deps.signals, forceExit: deps.forceExit, log: (line) => stderr(`${line}\n`), ...(deps.duplicateSignalMs !== undefined ? { duplicateSignalMs: deps.duplicateSignalMs } : {}) });
  const timer = config.timeoutMs === undefined ? undefined : setTimeout(() => shutdown.abort(timeoutError(config)), config.timeoutMs);
  const positionals = chosen.command === 'run' ? chosen.args : [];
  const context: CommandContext = {
    command: chosen.command,
    args: chosen.args,
    options,
    signal: shutdown.signal,
    onShutdown: shutdown.onShutdown,
    stdout,
    stderr,
    rerunCommand: (o = {}) => formatRerunCommand(chosen.command, config, { positionals, ...o }),
  };
  try {
    const running = Promise.resolve().then(() => action(config, context));
    const settled = running.then(
      (outcome) => ({ kind: 'done' as const, outcome }),
      (error: unknown) => ({ kind: 'error' as const, error }),
    );
    const first = await Promise.race([settled, shutdown.aborted.then((reason) => ({ kind: 'aborted' as const, reason }))]);
    if (first.kind === 'aborted') {
      // Let the command unwind its own `await using` first; then the registry cleans up the rest.
      const unwound = await raceWithDelay(settled, deps.graceMs ?? UNWIND_GRACE_MS);
      await shutdown.cleanup();
      // A violation in what ran before the interruption still wins (exit 1).
      if (unwound?.kind === 'done' && (typeof unwound.outcome === 'number' ? unwound.outcome : unwound.outcome.exitCode) === EXIT.violation) return finish(unwound.outcome);
      if (first.reason instanceof InterruptedError) return first.reason.signalName === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
      return fail(first.reason);
    }
    await shutdown.cleanup();
    if (first.kind === 'error') return fail(first.error);
    return finish(first.outcome);
  } finally {
    clearTimeout(timer);
  }

  function finish(outcome: CommandOutcome): number {
    const { exitCode, failingSeed } = typeof outcome === 'number' ? { exitCode: outcome, failingSeed: undefined } : outcome;
    if (exitCode === EXIT.violation && chosen.spec.runsScenarios) {
      stderr(`re-run: ${context.rerunCommand(failingSeed === undefined ? {} : { seed: failingSeed })}\n`);
    }
    return exitCode;
  }

  function fail(error: unknown): number {
    stderr(formatError(error, debug));
    return exitCodeFor(error);
  }
}

function checkScenarioArgs(args: string[]): string[] {
  for (const name of args) {
    if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
      throw new UsageError({
        code: 'E_UNKNOWN_SCENARIO',
        message: `unknown scenario "${name}"`,
        value: name,
        source: 'argument',
        fix: `use one of: ${SCENARIO_NAMES.join(', ')}`,
      });
    }
  }
  return args;
}

function checkOwnOptions(selection: Selection): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const own of selection.spec.own) {
    const raw = selection.own[own.key];
    if (raw === undefined) continue;
    const parsed = own.schema.safeParse(raw);
    const flag = own.flags.split(' ')[0]!;
    if (!parsed.success) {
      throw new UsageError({ code: 'E_BAD_FLAG', message: `${flag} must be ${own.expected}; got ${JSON.stringify(raw)}`, value: raw, source: flag, fix: `change ${flag} to ${own.expected}` });
    }
    options[own.key] = parsed.data;
  }
  return options;
}

function timeoutError(config: RunConfig): EnvironmentError {
  const limit = formatDuration(config.timeoutMs!);
  return new EnvironmentError({
    code: 'E_TIMEOUT',
    message: `the run did not finish within --timeout ${limit} (from ${config.sources.timeout}); it was stopped and cleaned up`,
    fix: `allow more time (e.g. --timeout ${formatDuration(config.timeoutMs! * 2)}), or run fewer scenarios or businesses`,
  });
}

/** The promise's value if it settles within `ms`, else undefined. */
async function raceWithDelay<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const value = await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  clearTimeout(timer);
  return value;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
