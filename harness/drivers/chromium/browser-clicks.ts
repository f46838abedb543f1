import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import PQueue from 'p-queue';
import type { Browser } from 'playwright-core';
import { EnvironmentError } from '../../errors.ts';
import type { Operation } from '../../../model/index.ts';
import { clickButton, gapsOf, readClicks, rotateStyles, CLICK_RECORDER_SCRIPT, type ClickStyle } from './click-styles.ts';
import { launchChromium } from './launch-chromium.ts';
import { readClockPair, recordPageRequests, redactUrl, type WallClockPair } from './page-recorder.ts';

// rapid-clicks in a real browser (docs/scenarios.md): for each business, its owner opens the target's
// onboarding page in a fresh context and presses Launch Dashboard `clicks` times in one of three
// styles; every request the page sends becomes a history operation. At most `maxPages` pages
// are open at once.
//
// Screenshots: every business's final page is captured before its page closes (into
// <artifactsDir>/.final/), so Chromium is closed before this function returns and nothing holds
// a browser while the invariants run; keepScreenshots(ids) moves the failing ones to
// <artifactsDir>/screenshots/ and close() deletes the rest.

export type { ClickStyle } from './click-styles.ts';
export type PageVariant = 'buggy' | 'fixed' | 'rca-keys';

export interface BrowserClickOptions {
  executablePath: string;
  /** http://127.0.0.1:<port> of the target. */
  appUrl: string;
  variant: PageVariant;
  businesses: { id: string; name: string; ownerToken: string }[];
  /** Presses per business; 5 by default. */
  clicks?: number;
  /** Default: multi-click, fast-mouse, sequential in turn. */
  styleOf?: (businessIndex: number) => ClickStyle;
  /** Pages open at once; 8 by default. */
  maxPages?: number;
  artifactsDir: string;
  scenario: string;
  signal?: AbortSignal;
  /** Per business, from opening the page to its last response; 30 s by default. */
  timeoutMs?: number;
}

export interface BusinessClicks {
  businessId: string;
  style: ClickStyle;
  /** Gaps between consecutive presses, ms (measured in the page). */
  gapsMs: number[];
  /** Presses the page saw. */
  pressed: number;
  /** Presses that became click events (a disabled button swallows them). */
  landed: number;
}

export interface BrowserClickResult {
  /** One per onboarding request the pages sent; client 'browser', ids left to the runner. */
  operations: Omit<Operation, 'id'>[];
  clicks: BusinessClicks[];
  consoleErrors: { businessId: string; text: string }[];
  browserVersion: string;
  /** Moves these businesses' final-page screenshots to <artifactsDir>/screenshots/; returns their paths. */
  keepScreenshots(businessIds: string[]): Promise<string[]>;
  /** Deletes the screenshots not kept. The browser is already closed. */
  close(): Promise<void>;
}

const BUTTON = '#launch-button';
const safeName = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');

export async function runBrowserClicks(options: BrowserClickOptions): Promise<BrowserClickResult> {
  const clicks = options.clicks ?? 5;
  const maxPages = Math.max(1, Math.min(options.maxPages ?? 8, options.businesses.length || 1));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const styleOf = options.styleOf ?? rotateStyles;
  if (!Number.isInteger(clicks) || clicks < 1 || clicks > 100) throw new RangeError(`clicks must be an integer in 1..100, got ${clicks}`);
  const finalDir = join(options.artifactsDir, '.final');
  await mkdir(join(options.artifactsDir, 'businesses'), { recursive: true });
  await mkdir(finalDir, { recursive: true });

  const operations: Omit<Operation, 'id'>[] = [];
  const clickRecords: BusinessClicks[] = [];
  const consoleErrors: { businessId: string; text: string }[] = [];
  options.signal?.throwIfAborted();

  const clock = readClockPair();
  const chromium = await launchChromium({ executablePath: options.executablePath });
  const onAbort = () => void chromium.close();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // Pages wait for their responses in parallel, but load, press and take their screenshot one
    // at a time: on two cores, a page loading or rendering next to the one pressing stretched
    // its five presses from tens of ms to over a second (sequential style, 4 pages, measured).
    const pressing = new PQueue({ concurrency: 1 });
    const oneAtATime = <T>(step: () => Promise<T>): Promise<T> => pressing.add(step);
    // At most maxPages businesses at once; after the first failure none is started (the queued
    // ones are rejected by clearQueue, after Promise.all has already taken the first error).
    const pages = pLimit({ concurrency: maxPages, rejectOnClear: true });
    const runs = options.businesses.map((_, index) => pages(async () => {
      options.signal?.throwIfAborted();
      const outcome = await runBusiness(chromium.browser, options, index, styleOf(index), clicks, timeoutMs, finalDir, oneAtATime, clock);
      operations.push(...outcome.operations);
      clickRecords.push(outcome.clicks);
      consoleErrors.push(...outcome.consoleErrors);
    }));
    try {
      await Promise.all(runs);
    } finally {
      pages.clearQueue();
    }
  } catch (error) {
    options.signal?.throwIfAborted();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await chromium.close();
  }

  operations.sort((a, b) => (BigInt(a.invokeNs) < BigInt(b.invokeNs) ? -1 : BigInt(a.invokeNs) > BigInt(b.invokeNs) ? 1 : 0));
  const order = new Map(options.businesses.map((b, i) => [b.id, i]));
  clickRecords.sort((a, b) => order.get(a.businessId)! - order.get(b.businessId)!);
  return {
    operations,
    clicks: clickRecords,
    consoleErrors,
    browserVersion: chromium.version,
    async keepScreenshots(businessIds) {
      const kept: string[] = [];
      const dir = join(options.artifactsDir, 'screenshots');
      await mkdir(dir, { recursive: true });
      for (const id of businessIds) {
        const to = join(dir, `${safeName(id)}.png`);
        try {
          await rename(join(finalDir, `${safeName(id)}.png`), to);
          kept.push(to);
        } catch {
          // No screenshot: the page never loaded (its log says why).
        }
      }
      return kept;
    },
    async close() {
      await rm(finalDir, { recursive: true, force: true });
    },
  };
}

async function runBusiness(
  browser: Browser, options: BrowserClickOptions, index: number, style: ClickStyle, clicks: number, timeoutMs: number, finalDir: string,
  oneAtATime: <T>(step: () => Promise<T>) => Promise<T>,
  clock: WallClockPair,
) {
  const business = options.businesses[index]!;
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const consoleErrors: { businessId: string; text: string }[] = [];
  let problem: string | null = null;
  let pressedAtMs: number[] = [];
  let landed = 0;
  try {
    await context.addInitScript(CLICK_RECORDER_SCRIPT);
    const page = await context.newPage();
    page.on('console', (message) => {
      // Chromium asks every origin for /favicon.ico by itself; its 404 says nothing about the page.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) consoleErrors.push({ businessId: business.id, text: message.text() });
    });
    page.on('pageerror', (error) => consoleErrors.push({ businessId: business.id, text: `uncaught: ${error.message}` }));
    const recorder = recordPageRequests(page, { scenario: options.scenario, businessId: business.id }, clock);
    const url = `${options.appUrl.replace(/\/$/, '')}/onboarding.html?variant=${options.variant}`
      + `&business=${encodeURIComponent(business.id)}&token=${encodeURIComponent(business.ownerToken)}`;
    const response = await oneAtATime(() => page.goto(url, { waitUntil: 'load', timeout: left() }));
    if (!response || !response.ok()) {
      throw new EnvironmentError({
        code: 'E_NO_PAGE',
        message: `${redactUrl(url)} answered ${response?.status() ?? 'nothing'}`,
        fix: 'rapid-clicks in a browser needs the target to serve /onboarding.html with #launch-button (docs/target-contract.md); without it, run the API-level replay',
      });
    }
    await page.locator(BUTTON).waitFor({ state: 'visible', timeout: left() });
    try {
      await oneAtATime(() => clickButton(page, BUTTON, style, clicks, left()));
      // A round trip through the page after the last press, so the requests its handlers
      // started have been reported to Node before we ask whether any is pending.
      await page.evaluate(() => 0);
      await withDeadline(recorder.idle(), left());
      // The fixed page retries a 409 after retryAfterMs while it says it is busy: wait for it
      // to say it is done (pages without the attribute are done when nothing is pending).
      // Polling every 50 ms, not on every animation frame (the default): pages polling per frame
      // keep a core busy and stretch the presses of the page whose turn it is.
      await page.waitForFunction(() => document.getElementById('onboarding')?.getAttribute('aria-busy') !== 'true', null, { timeout: left(), polling: 50 });
      await withDeadline(recorder.idle(), left());
    } catch (error) {
      if (error instanceof EnvironmentError) throw error;
      problem = `did not finish within ${timeoutMs} ms: ${(error as Error).message.split('\n')[0]}`;
      recorder.abandon(`timeout: no response within the page's ${timeoutMs} ms`);
    }
    ({ pressedAtMs, landed } = await readClicks(page).catch(() => ({ pressedAtMs: [] as number[], landed: 0 })));
    await oneAtATime(() => page.screenshot({ path: join(finalDir, `${safeName(business.id)}.png`), timeout: 10_000 }).catch(() => {}));
    const record = { businessId: business.id, style, gapsMs: gapsOf(pressedAtMs), pressed: pressedAtMs.length, landed };
    await writeFile(join(options.artifactsDir, 'businesses', `${safeName(business.id)}.json`), `${JSON.stringify({
      business: { id: business.id, name: business.name }, variant: options.variant, url: redactUrl(url), problem,
      clicks: { ...record, pressedAtMs }, requests: recorder.log, consoleErrors: consoleErrors.map((e) => e.text),
    }, null, 2)}\n`);
    return { operations: recorder.operations, clicks: record, consoleErrors };
  } finally {
    await context.close().catch(() => {});
  }
}

async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('pending requests')), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lists the screenshots currently kept (for reports). */
export async function keptScreenshots(artifactsDir: string): Promise<string[]> {
  return (await readdir(join(artifactsDir, 'screenshots')).catch(() => [] as string[])).map((f) => join(artifactsDir, 'screenshots', f));
}
