import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EnvironmentError } from '../../errors.ts';

// Where a Chromium can be found without downloading one (`npx playwright install` is no option on
// machines without a browser host): an explicit CHROME_PATH first, then the names distributions
// give it on PATH, then the usual install paths of Debian/Ubuntu (deb and snap) and macOS.

export interface FoundBrowser {
  executablePath: string;
  /** How it was found: `CHROME_PATH`, `PATH (chromium)`, or the install path. */
  source: string;
}

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const INSTALL_PATHS = [
  '/usr/bin/chromium',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findBrowser(env: NodeJS.ProcessEnv = process.env): FoundBrowser | null {
  const explicit = env.CHROME_PATH?.trim();
  // A CHROME_PATH that points nowhere is not silently replaced by another browser: the user
  // chose one, and testing a different one would hide that their choice is broken.
  if (explicit) return isExecutable(explicit) ? { executablePath: explicit, source: 'CHROME_PATH' } : null;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of PATH_NAMES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return { executablePath: candidate, source: `PATH (${name})` };
    }
  }
  for (const candidate of INSTALL_PATHS) {
    if (isExecutable(candidate)) return { executablePath: candidate, source: candidate };
  }
  return null;
}

export function browserMissingError(env: NodeJS.ProcessEnv = process.env): EnvironmentError {
  const explicit = env.CHROME_PATH?.trim();
  return new EnvironmentError({
    code: 'E_NO_BROWSER',
    message: explicit
      ? `CHROME_PATH=${explicit} is not an executable file`
      : 'no Chromium or Chrome found (looked at CHROME_PATH, chromium, chromium-browser, google-chrome, google-chrome-stable on PATH, /usr/bin/chromium, /snap/bin/chromium and the macOS application folders)',
    fix: 'install one — Debian/Ubuntu: `apt-get install -y chromium`; macOS: `brew install --cask chromium` — or set CHROME_PATH to a Chromium or Chrome executable',
  });
}
