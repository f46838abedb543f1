// How the bench runs `exactly-one gate`, decided once and never mixed: the compiled CLI with
// compiled children when the bench itself is compiled (`npx exactly-one bench`); from a source
// checkout (`npm run bench`), the CLI and its children through tsx — exactly what
// `npm run scenarios:concurrency` runs — unless EXACTLY_ONE_CHILD_MODE=dist asks for the build,
// which must then exist. (A fresh clone has no dist/: forcing it there made every gate child
// fail after 2.9 s, and an old dist/ beside newer sources would be measured without a word.)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.ts';
import { PACKAGE_ROOT } from '../processes/node-entry.ts';

export interface GateLaunch {
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Which code the gate ran: the build (dist/) or the TypeScript sources. */
  runsAs: 'dist' | 'source';
}

const compiledBench = import.meta.url.endsWith('.js');

export function gateLaunch(env: NodeJS.ProcessEnv = process.env, root: string = PACKAGE_ROOT): GateLaunch {
  const compiledCli = join(root, 'dist', 'harness', 'cli.js');
  if (compiledBench) return { args: [compiledCli], env, runsAs: 'dist' };
  if (env.EXACTLY_ONE_CHILD_MODE === 'dist') {
    if (!existsSync(compiledCli)) {
      throw new EnvironmentError({
        code: 'E_BENCH_NO_BUILD',
        message: `EXACTLY_ONE_CHILD_MODE=dist asks the bench to run the compiled harness, but ${compiledCli} does not exist`,
        fix: 'run `npm run build` first, or unset EXACTLY_ONE_CHILD_MODE to run everything from the sources',
      });
    }
    return { args: [compiledCli], env, runsAs: 'dist' };
  }
  const { EXACTLY_ONE_CHILD_MODE: _ignored, ...sourceEnv } = env;
  return { args: ['--import', import.meta.resolve('tsx'), join(root, 'harness', 'cli.ts')], env: sourceEnv, runsAs: 'source' };
}
