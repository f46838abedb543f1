import type { CommandAction } from '../cli/command-table.ts';
import type { ScenarioName } from '../../scenarios/index.ts';
import { runScenarioCommand } from './scenario-command.ts';

// `exactly-one run <scenario…>`: any scenarios with any settings.
export const run: CommandAction = (config, context) => runScenarioCommand(config, context, {
  cells: (config.scenario ?? (context.args as ScenarioName[])).map((scenario) => ({ scenario, strategy: config.strategy ?? 'idempotent' })),
});
