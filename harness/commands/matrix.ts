import type { CommandAction } from '../cli/command-table.ts';
import { EXIT } from '../cli/exit-codes.ts';
import { compareWithExpectation } from '../../model/index.ts';
import { EXPECTED_MATRIX } from '../../scenarios/index.ts';
import { runScenarioCommand } from './scenario-command.ts';

// `npm run scenarios:matrix`: every cell of docs/scenarios.md, each compared with scenarios/expectations.ts.
// Exit 0 when the whole table is reproduced, 1 listing the cells that differ.
export const matrix: CommandAction = (config, context) => {
  const rows = EXPECTED_MATRIX.filter((row) =>
    (!config.strategy || row.strategy === config.strategy) && (!config.scenario || config.scenario.includes(row.scenario)));
  return runScenarioCommand(config, context, {
    cells: rows.map((row) => ({ scenario: row.scenario, strategy: row.strategy, ...(row.variant ? { variant: row.variant } : {}), repeatUntilCaught: true })),
    exitCode: (scenarios) => {
      const differing = scenarios.flatMap((cell) => {
        const comparison = compareWithExpectation(cell);
        return comparison === null || comparison.matches ? [] : [`${cell.name} [${cell.strategy}/${cell.variant}]: ${comparison.differences.join('; ')}`];
      });
      if (differing.length === 0) {
        context.stderr(`matrix reproduced: ${scenarios.length} cells as expected\n`);
        return EXIT.ok;
      }
      context.stderr(`matrix differs in ${differing.length} cell(s):\n${differing.map((d) => `  - ${d}`).join('\n')}\n`);
      return EXIT.violation;
    },
  });
};
