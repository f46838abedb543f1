// Drivers: the ways traffic reaches a target other than the undici burst engine —
// a real Chromium clicking the onboarding page, and the user's k6.
export { findBrowser, browserMissingError, type FoundBrowser } from './chromium/find-browser.ts';
export { runBrowserClicks, keptScreenshots } from './chromium/browser-clicks.ts';
export type { BrowserClickOptions, BrowserClickResult, BusinessClicks, ClickStyle, PageVariant } from './chromium/browser-clicks.ts';
export { CLICK_STYLES, rotateStyles } from './chromium/click-styles.ts';
export { launchChromium, CHROMIUM_FLAGS, type LaunchedChromium } from './chromium/launch-chromium.ts';
