// Every command of docs/cli.md, wired to the CLI.
import type { CommandActions } from '../cli/command-table.ts';
import { bench } from './bench.ts';
import { fakeTwilio } from './fake-twilio.ts';
import { gate } from './gate.ts';
import { init } from './init.ts';
import { matrix } from './matrix.ts';
import { reconcile } from './reconcile.ts';
import { reproduce } from './reproduce.ts';
import { run } from './run.ts';
import { targetApp } from './target-app.ts';

export const commands: CommandActions = {
  gate, matrix, reproduce, run, bench, reconcile, init,
  'fake-twilio': fakeTwilio,
  'target-app': targetApp,
};
