// The CLI (docs/cli.md): runCli(argv, { commands }) parses, validates once, runs the injected
// command with an AbortSignal and a cleanup registry, and returns the exit code.
export { runCli, type CliDeps } from './run-cli.ts';
export {
  COMMANDS,
  COMMAND_NAMES,
  type CommandName,
  type CommandAction,
  type CommandActions,
  type CommandContext,
  type CommandOutcome,
} from './command-table.ts';
export { EXIT, exitCodeFor, formatError } from './exit-codes.ts';
export { createShutdown, InterruptedError, type Shutdown, type SignalSource, type Cleanup } from './shutdown.ts';
export { createProgress, type Progress, type ProgressOptions } from './progress.ts';
