import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isEnvironmentError } from '../../errors.ts';
import { browserMissingError, findBrowser } from './find-browser.ts';

const dirs: string[] = [];
function fakeBin(names: string[], executable = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'find-browser-'));
  dirs.push(dir);
  for (const name of names) {
    const path = join(dir, name);
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, executable ? 0o755 : 0o644);
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('findBrowser', () => {
  it('takes CHROME_PATH first', () => {
    const dir = fakeBin(['my-chrome', 'chromium']);
    expect(findBrowser({ CHROME_PATH: join(dir, 'my-chrome'), PATH: dir })).toEqual({ executablePath: join(dir, 'my-chrome'), source: 'CHROME_PATH' });
  });

  it('does not fall back when CHROME_PATH points nowhere', () => {
    const dir = fakeBin(['chromium']);
    expect(findBrowser({ CHROME_PATH: join(dir, 'missing'), PATH: dir })).toBeNull();
    expect(browserMissingError({ CHROME_PATH: join(dir, 'missing') }).message).toContain('missing');
  });

  it('searches PATH in name order, skipping files that are not executable', () => {
    const first = fakeBin(['google-chrome'], false);
    const second = fakeBin(['google-chrome-stable', 'chromium-browser']);
    expect(findBrowser({ PATH: `${first}:${second}` })).toEqual({ executablePath: join(second, 'chromium-browser'), source: 'PATH (chromium-browser)' });
  });

  it('skips a directory named like a browser', () => {
    const dir = fakeBin([]);
    mkdirSync(join(dir, 'chromium'));
    const found = findBrowser({ PATH: dir });
    expect(found?.executablePath).not.toBe(join(dir, 'chromium'));
  });

  it('says how to install one, with a stable code', () => {
    const error = browserMissingError({});
    expect(isEnvironmentError(error)).toBe(true);
    expect(error.code).toBe('E_NO_BROWSER');
    expect(error.fix).toContain('apt-get install -y chromium');
    expect(error.fix).toContain('brew install --cask chromium');
    expect(error.fix).toContain('CHROME_PATH');
  });
});
