import type { CommandAction } from '../cli/command-table.ts';
import type { ScenarioName } from '../../scenarios/index.ts';
import { runScenarioCommand } from './scenario-command.ts';

// `npm run scenarios:concurrency`: the merge gate (docs/cli.md). Every invariant must hold in each
// scenario against idempotent, or the strategy / target given.
export const GATE_SCENARIOS: ScenarioName[] = ['concurrent-burst', 'rapid-clicks', 'network-failure', 'multi-instance'];

export const gate: CommandAction = (config, context) => runScenarioCommand(config, context, {
  cells: GATE_SCENARIOS.map((scenario) => ({ scenario, strategy: config.strategy ?? 'idempotent' })),
});
