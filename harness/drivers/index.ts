// Drivers: the ways traffic reaches a target in a cell — the plan interpreter (our undici burst
// engine), a real Chromium clicking the onboarding page, the user's k6 — behind one interface.
export type { CellDatabaseControl, DriveContext, DriveOutcome, Driver, FakeTwilioHandle } from './driver.ts';
export type { BurstSpread, ClickRecord, DriverEvidence } from './driver-evidence.ts';
export { chooseDriver, type DriverChoice, type DriverRequest } from './choose-driver.ts';
export { CellSkipped } from './cell-skipped.ts';
export { onboardingInvoke, onboardingRequest, type OnboardingMeta } from './onboarding-request.ts';
export { findBrowser, browserMissingError, type FoundBrowser } from './chromium/find-browser.ts';
export { chooseBrowserDriver, type BrowserChoice } from './chromium/browser-choice.ts';
export { runBrowserClicks, keptScreenshots } from './chromium/browser-clicks.ts';
export type { BrowserClickOptions, BrowserClickResult, BusinessClicks, ClickStyle, PageVariant } from './chromium/browser-clicks.ts';
export { CLICK_STYLES, rotateStyles } from './chromium/click-styles.ts';
export { launchChromium, CHROMIUM_FLAGS, type LaunchedChromium } from './chromium/launch-chromium.ts';
export { findK6, k6MissingError } from './k6/find-k6.ts';
export { runK6Cell, writeK6Fixtures, executionSegments, K6_THRESHOLDS_FAILED } from './k6/run-k6-cell.ts';
export type { K6CellOptions, K6CellResult, K6Process } from './k6/run-k6-cell.ts';
export { parseK6JsonOutput, readK6Points, parseRfc3339Ns, RESPONSES_METRIC } from './k6/k6-json-output.ts';
export type { K6Clock, K6ParseOptions, K6Point } from './k6/k6-json-output.ts';
export type { K6Fixtures, K6Business } from '../../scenarios/k6/k6-fixtures.ts';
export { K6_SCRIPTS, K6_SCRIPT_DIR } from './k6/k6-scripts.ts';
