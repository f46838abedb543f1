import { browserMissingError, findBrowser } from './find-browser.ts';

// What rapid-clicks does when it looks for a browser (issue 6): a Chromium if one is found;
// none with --require-browser or CI=true → E_NO_BROWSER (exit 3, with how to install one);
// none otherwise → the API-level replay, said on its own line, and the browser check recorded
// as skipped with the reason — never counted as a browser pass.

export type BrowserChoice =
  | { driver: 'chromium'; executablePath: string; source: string }
  | { driver: 'api-replay'; skipReason: string; notice: string };

export function chooseBrowserDriver(options: { requireBrowser?: boolean; env?: NodeJS.ProcessEnv } = {}): BrowserChoice {
  const env = options.env ?? process.env;
  const found = findBrowser(env);
  if (found) return { driver: 'chromium', ...found };
  const error = browserMissingError(env);
  if (options.requireBrowser || env.CI === 'true') throw error;
  return {
    driver: 'api-replay',
    skipReason: `${error.message}; ran the API-level replay instead`,
    notice: `No browser: rapid-clicks runs as the API-level replay and the browser check is skipped (${error.fix}).`,
  };
}
