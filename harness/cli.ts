#!/usr/bin/env node
// The `exactly-one` command (package bin; npm scripts run it through tsx).
import { runCli } from './cli/index.ts';
import { commands } from './commands/index.ts';

const code = await runCli(process.argv.slice(2), { commands });
// Flush stdout/stderr before leaving; lingering handles (a socket in TIME_WAIT, a timer) must not
// keep a finished command alive.
process.exitCode = code;
setTimeout(() => process.exit(code), 50).unref();
