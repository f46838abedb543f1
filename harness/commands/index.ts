// Every command of DESIGN §8, wired to the CLI.
import type { CommandActions } from '../cli/command-table.ts';
import { gate } from './gate.ts';
import { matrix } from './matrix.ts';
import { reproduce } from './reproduce.ts';
import { run } from './run.ts';

export const commands: CommandActions = { gate, matrix, reproduce, run };
