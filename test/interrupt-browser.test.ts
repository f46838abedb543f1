import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../harness/drivers/index.ts';
import { runExactlyOne } from './support/cli-process.ts';

// Ctrl-C while Chromium clicks: Playwright's own signal handlers used to close the browser and exit
// the process before the harness wrote anything (exit 130 with no result.json, a profile folder
// left in the temporary directory).
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const profiles = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('exactly-one-chromium-')));
const chromiumRunning = (): boolean => {
  try {
    return execFileSync('pgrep', ['-f', 'user-data-dir=.*exactly-one-chromium-'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
};

describe.skipIf(!findBrowser() && process.env.CI !== 'true')('Ctrl-C while Chromium runs', () => {
  it('still writes every report, exits 130 and leaves no browser or profile behind', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exactly-one-interrupt-'));
    dirs.push(dir);
    const before = profiles();
    let interrupted = false;
    let poll: NodeJS.Timeout | undefined;
    const run = await runExactlyOne(['run', 'rapid-clicks', '--businesses', '4', '--seed', '5', '--report-dir', dir], {
      onStderr: (text, child) => {
        if (poll || !text.includes('rapid-clicks [idempotent/fixed]: starting')) return;
        // Interrupt once a browser of ours is really running.
        poll = setInterval(() => {
          if (interrupted || !chromiumRunning()) return;
          interrupted = true;
          clearInterval(poll);
          child.kill('SIGINT');
        }, 100);
      },
    });
    clearInterval(poll);
    expect(interrupted, run.stderr).toBe(true);
    expect(run.code, run.stderr).toBe(130);
    for (const file of ['result.json', 'index.html', 'junit.xml']) expect(existsSync(join(dir, file)), file).toBe(true);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(result.interrupted).toBe(true);
    expect(chromiumRunning()).toBe(false);
    expect([...profiles()].filter((name) => !before.has(name))).toEqual([]);
  });
});
