import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { sweepStaleBrowserProfiles } from '../harness/db/sweep.ts';
import { findBrowser } from '../harness/drivers/index.ts';
import { PACKAGE_ROOT } from '../harness/processes/node-entry.ts';

// A harness killed with SIGKILL while Chromium runs leaves its browser and folders in the temporary
// directory. Everything it leaves must be owned by the profile folder the next run's sweep removes:
// Playwright's artefacts folder (it used to be a `playwright-artifacts-*` of its own, never swept)
// and Chromium's single-instance socket folder (`org.chromium.Chromium.*`) included.
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const LAUNCH = `
import { launchChromium } from './harness/drivers/chromium/launch-chromium.ts';
const chromium = await launchChromium({ executablePath: process.env.CHROMIUM });
await (await chromium.browser.contexts()[0].newPage()).goto('about:blank');
console.log('ready ' + chromium.userDataDir);
setInterval(() => {}, 1000);
`;

const ours = (dir: string) => readdirSync(dir).filter((name) => !name.startsWith('tsx-')).sort();
const browsersIn = (dir: string): number[] =>
  readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
    } catch {
      return false;
    }
  }).map(Number);

describe.skipIf(!findBrowser() && process.env.CI !== 'true')('what a SIGKILLed harness leaves of Chromium', () => {
  it('is one owned profile folder (with Playwright\'s artefacts inside), which the next sweep removes with its browser', { timeout: 90_000 }, async () => {
    const executable = findBrowser();
    expect(executable, 'a Chromium is required under CI=true').toBeTruthy();
    const tmp = mkdtempSync(join(tmpdir(), 'exactly-one-leftovers-'));
    dirs.push(tmp);
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', LAUNCH], {
      cwd: PACKAGE_ROOT, env: { ...process.env, TMPDIR: tmp, CHROMIUM: executable!.executablePath }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    expect(line).toMatch(/^ready /);
    child.kill('SIGKILL');
    await once(child, 'exit');

    const left = ours(tmp);
    expect(left.filter((name) => name.startsWith('playwright-artifacts-'))).toEqual([]);
    expect(left.filter((name) => name.startsWith('exactly-one-chromium-'))).toHaveLength(1);
    expect(browsersIn(tmp).length).toBeGreaterThan(0);

    expect(sweepStaleBrowserProfiles(tmp, () => {})).toHaveLength(1);
    expect(ours(tmp)).toEqual([]);
    await expect.poll(() => browsersIn(tmp), { timeout: 10_000 }).toEqual([]);
  });
});
