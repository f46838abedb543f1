import type { CommandAction } from '../cli/command-table.ts';
import { GATE_EXPLORE_BUDGET, type ScenarioName } from '../../scenarios/index.ts';
import { runScenarioCommand } from './scenario-command.ts';

// `npm run scenarios:concurrency`: the merge gate (docs/cli.md). Every invariant must hold in each
// scenario against idempotent, or the strategy / target given.
// interleavings explores with a smaller budget than `run` (GATE_EXPLORE_BUDGET) unless --explore-budget says otherwise.
export const GATE_SCENARIOS: ScenarioName[] = ['concurrent-burst', 'rapid-clicks', 'network-failure', 'multi-instance', 'interleavings'];

export const gate: CommandAction = (config, context) => runScenarioCommand(config, context, {
  cells: GATE_SCENARIOS.map((scenario) => ({ scenario, strategy: config.strategy ?? 'idempotent', ...(scenario === 'interleavings' ? { exploreBudget: GATE_EXPLORE_BUDGET } : {}) })),
});
