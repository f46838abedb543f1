import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { EMBEDDED_ROOT } from '../../harness/db/embedded-postgres.ts';

// What a run may have left behind, for tests that interrupt or kill it: processes that carry a
// marker (a unique account SID) and embedded data directories of a harness pid.

export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    for (const file of ['cmdline', 'environ']) {
      try {
        if (readFileSync(`/proc/${entry}/${file}`, 'utf8').includes(marker)) {
          found.push(Number(entry));
          break;
        }
      } catch {
        // gone, or not ours to read
      }
    }
  }
  return found;
}

export const embeddedDirsOf = (harnessPid: number | undefined) =>
  existsSync(EMBEDDED_ROOT) ? readdirSync(EMBEDDED_ROOT).filter((d) => harnessPid !== undefined && d.endsWith(`-${harnessPid}`)) : [];

export const accountSid = () => `AC${randomBytes(16).toString('hex')}`;

