import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { PROFILE_OWNER_FILE } from '../../db/sweep.ts';
import { THIS_PROCESS } from '../../processes/process-identity.ts';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { EnvironmentError } from '../../errors.ts';

// A Chromium the harness owns: its own user-data-dir in a temp folder (so a test or a sweep can
// find exactly this process with `pgrep -f user-data-dir=<dir>`), flags for running as root in a
// container without a desktop, and a close() that leaves neither the process nor the folder.
//
// launchPersistentContext is used only to choose the profile folder (launch() refuses
// --user-data-dir); every business then gets its own fresh context from the same browser.

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Loopback only: QUIC would only ever be tried against external hosts, which we never reach.
  '--disable-quic',
] as const;

/** Playwright's artefacts folder, inside the profile (so it is owned and swept with it). */
export const PLAYWRIGHT_ARTIFACTS_DIR = 'playwright-artifacts';

export interface LaunchedChromium extends AsyncDisposable {
  browser: Browser;
  version: string;
  userDataDir: string;
  close(): Promise<void>;
}

export async function launchChromium(options: { executablePath: string; headless?: boolean }): Promise<LaunchedChromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'exactly-one-chromium-'));
  // Who owns this profile, so that a later run's sweep removes it only once this harness is gone.
  await writeFile(join(userDataDir, PROFILE_OWNER_FILE), JSON.stringify({ ...THIS_PROCESS, host: hostname() }));
  let persistent: BrowserContext;
  try {
    persistent = await chromium.launchPersistentContext(userDataDir, {
      executablePath: options.executablePath,
      headless: options.headless ?? true,
      args: [...CHROMIUM_FLAGS],
      timeout: 60_000,
      // Playwright's own handlers would close the browser and exit the process on Ctrl-C before
      // the harness writes its report; the harness's shutdown closes the browser itself.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Playwright keeps its own artefacts (downloads, traces) in a `playwright-artifacts-*` folder of
      // the temporary directory, which a killed harness would leave behind with no owner to sweep it
      // by. Inside the profile it is owned, and removed with it: on close, and by a later run's sweep.
      // (`artifactsDir` is a launch option of Playwright's protocol that its public types omit.)
      ...({ artifactsDir: join(userDataDir, PLAYWRIGHT_ARTIFACTS_DIR) } as object),
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new EnvironmentError({
      code: 'E_BROWSER_LAUNCH',
      message: `Chromium at ${options.executablePath} did not start: ${(error as Error).message.split('\n')[0]}`,
      fix: 'run it by hand with --headless --no-sandbox to see why, or point CHROME_PATH at another Chromium or Chrome',
      cause: error,
    });
  }
  const browser = persistent.browser()!;
  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      try {
        await persistent.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
      }
    })();
    return closed;
  };
  return { browser, version: browser.version(), userDataDir, close, [Symbol.asyncDispose]: close };
}
