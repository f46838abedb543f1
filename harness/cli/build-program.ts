import { Command, Option } from 'commander';
import { SHARED_OPTIONS, envName, type OptionSpec } from '../config/index.ts';
import { COMMANDS, type CommandName, type CommandSpec } from './command-table.ts';

// The commander program: parsing and help only. It records which command was chosen with
// what; configuration is validated afterwards by loadConfig, so that flags, env and the
// config file go through one set of rules.

export interface Selection {
  command: CommandName;
  spec: CommandSpec;
  /** Shared flags as given (raw), camelCase keys; nothing for flags not given. */
  flags: Record<string, unknown>;
  /** The command's own options (raw). */
  own: Record<string, unknown>;
  args: string[];
}

export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

export function buildProgram(version: string, output: ProgramOutput, select: (selection: Selection) => void): Command {
  const program = new Command('exactly-one')
    .description('Proves that exactly one Twilio number is bought per business, under bursts, rapid clicks and faults.')
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr })
    .showSuggestionAfterError(true)
    .addHelpText('after', `\nExit codes: 0 success, 1 violation or mismatch, 2 bad usage or configuration, 3 environment failed, 4 internal error.\nEvery shared flag can also be set as EXACTLY_ONE_<FLAG_NAME> or in exactly-one.config.json (precedence: file < env < flags).\nRun \`exactly-one <command> --help\` for a command's flags.`);

  for (const spec of COMMANDS) {
    const command = program.command(spec.name).description(spec.summary).exitOverride().configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr });
    if (spec.passThrough) {
      // reconcile has its own flags and its own --help: hand it everything untouched.
      command.helpOption(false).allowUnknownOption().allowExcessArguments().argument('[args...]');
      command.action(() => select({ command: spec.name, spec, flags: {}, own: {}, args: command.args }));
      continue;
    }
    if (spec.argument) command.argument(spec.argument.syntax, spec.argument.description);
    if (spec.sharedOptions !== false) {
      for (const option of SHARED_OPTIONS as readonly OptionSpec[]) command.addOption(sharedOption(option));
      command.addOption(new Option('--no-require-browser', 'skip browser scenarios without Chromium even when CI=true').hideHelp());
      command.addOption(new Option('--config <file>', 'config file (default exactly-one.config.json if present)'));
    }
    for (const own of spec.own) command.addOption(new Option(own.flags, own.description));
    command.action(() => {
      const given = command.opts();
      const ownKeys = new Set(spec.own.map((o) => o.key));
      const flags: Record<string, unknown> = {};
      const own: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(given)) {
        if (value === undefined) continue;
        (ownKeys.has(key) ? own : flags)[key] = value;
      }
      select({ command: spec.name, spec, flags, own, args: command.processedArgs.flat().map(String) });
    });
  }
  return program;
}

function sharedOption(spec: OptionSpec): Option {
  const syntax = spec.value ? `--${spec.flag} <${spec.value}>` : `--${spec.flag}`;
  const option = new Option(syntax, `${spec.description} [env ${envName(spec)}]`);
  if (spec.repeatable) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), ...value.split(',')]);
  return option;
}
