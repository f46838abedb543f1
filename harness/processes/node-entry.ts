import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// How to run one of our own entry points (the target app, the fake Twilio, reconcile) as a
// child process. The published package runs compiled JavaScript; from a source checkout the
// children run through tsx unless compiled output is asked for (the tests build first and set
// EXACTLY_ONE_CHILD_MODE=dist, because tsx adds a second of start-up to every child).

const here = dirname(fileURLToPath(import.meta.url));
const compiled = import.meta.url.endsWith('.js');
/** The package root in source mode; the dist folder in compiled mode. */
const codeRoot = join(here, '..', '..');
export const PACKAGE_ROOT = compiled ? join(codeRoot, '..') : codeRoot;

export type EntryName = 'target-app/main' | 'target-app/reconcile' | 'fake-twilio/main' | 'harness/explore/pg-proxy-main' | 'harness/bench/harness-rss-main';

export interface NodeCommand {
  command: string;
  args: string[];
}

export function nodeEntry(entry: EntryName): NodeCommand {
  if (compiled) return { command: process.execPath, args: [join(codeRoot, `${entry}.js`)] };
  const dist = join(PACKAGE_ROOT, 'dist', `${entry}.js`);
  if (process.env.EXACTLY_ONE_CHILD_MODE === 'dist') {
    if (!existsSync(dist)) throw new Error(`EXACTLY_ONE_CHILD_MODE=dist but ${dist} is missing: run \`npm run build\``);
    return { command: process.execPath, args: [dist] };
  }
  return { command: process.execPath, args: ['--import', import.meta.resolve('tsx'), join(PACKAGE_ROOT, `${entry}.ts`)] };
}
