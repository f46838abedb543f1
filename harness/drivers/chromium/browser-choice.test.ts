import { describe, expect, it } from 'vitest';
import { chooseBrowserDriver } from './browser-choice.ts';

// A PATH with no browser on it; the install paths are checked too, so these cases set
// CHROME_PATH to a missing file, which findBrowser never replaces with another browser.
const NONE = { PATH: '/nonexistent', CHROME_PATH: '/nonexistent/chromium' };

describe('chooseBrowserDriver', () => {
  it('falls back to the API-level replay, with a reason and a notice, when a browser is not required', () => {
    const choice = chooseBrowserDriver({ env: NONE });
    expect(choice.driver).toBe('api-replay');
    if (choice.driver !== 'api-replay') return;
    expect(choice.skipReason).toContain('/nonexistent/chromium');
    expect(choice.notice).toMatch(/^No browser: rapid-clicks runs as the API-level replay/);
    expect(choice.notice).not.toContain('\n');
  });

  it('fails with E_NO_BROWSER under --require-browser or CI=true', () => {
    expect(() => chooseBrowserDriver({ env: NONE, requireBrowser: true })).toThrow(expect.objectContaining({ code: 'E_NO_BROWSER' }));
    expect(() => chooseBrowserDriver({ env: { ...NONE, CI: 'true' } })).toThrow(expect.objectContaining({ code: 'E_NO_BROWSER' }));
  });

  it('takes the browser it finds', () => {
    const choice = chooseBrowserDriver({ env: { PATH: '/bin', CHROME_PATH: '/bin/sh' }, requireBrowser: true });
    expect(choice).toEqual({ driver: 'chromium', executablePath: '/bin/sh', source: 'CHROME_PATH' });
  });
});
