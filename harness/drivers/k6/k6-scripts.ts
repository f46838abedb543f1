import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../processes/node-entry.ts';

// Where the k6 scripts are, for `--engine k6`. They are TypeScript source in the package
// (k6 ≥ 1.0 runs it directly), in the source tree and in the published package alike.

export const K6_SCRIPT_DIR = join(PACKAGE_ROOT, 'scenarios', 'k6');

/** Scenario (or `soak`) → script; scenarios missing here cannot run under k6 (they need process or fault control). */
export const K6_SCRIPTS: Readonly<Record<string, string>> = {
  'concurrent-burst': join(K6_SCRIPT_DIR, 'concurrent-burst.ts'),
  'rapid-clicks': join(K6_SCRIPT_DIR, 'rapid-clicks.ts'),
  'rapid-clicks-browser': join(K6_SCRIPT_DIR, 'rapid-clicks-browser.ts'),
  'db-lock-under-load': join(K6_SCRIPT_DIR, 'db-lock-under-load.ts'),
  'sustained-load': join(K6_SCRIPT_DIR, 'sustained-load.ts'),
  soak: join(K6_SCRIPT_DIR, 'soak.ts'),
};
