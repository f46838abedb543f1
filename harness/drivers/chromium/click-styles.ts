import type { Page } from 'playwright-core';

// Three ways a person's rapid clicks reach a button, as Playwright can produce them:
// - multi-click: one `click({ clickCount })`: mousedown/up pairs with rising detail, like a
//   double- or triple-click held on — the tightest (≈ 1 ms apart);
// - fast-mouse:  five separate single clicks (detail 1 each) at the button's centre, sent as raw
//   CDP mouse events back to back without waiting for each to be acknowledged, as a mouse's
//   events queue up in the OS — Playwright's page.mouse.click waits three round trips per
//   click, which on a loaded 2-core machine spread five clicks over ≈ 80–400 ms;
// - sequential:  `click({ force: true })` per click, each awaited. A plain click() re-checks that the
//   button is visible, stable and enabled and waits for it (≈ 200 ms apart, and forever on a
//   button the page disabled), too slow for "5 clicks within ~100 ms"; force skips that wait.
//
// Gaps are measured in the page (capture-phase listeners on window, `performance.now()`), on
// `pointerdown`: Chromium fires it even on a disabled button, where no `click` event fires, so
// the gaps say when the person pressed, and `landed` says how many presses became clicks.

export type ClickStyle = 'multi-click' | 'fast-mouse' | 'sequential';
export const CLICK_STYLES: readonly ClickStyle[] = ['multi-click', 'fast-mouse', 'sequential'];

export const rotateStyles = (businessIndex: number): ClickStyle => CLICK_STYLES[businessIndex % CLICK_STYLES.length]!;

/** Installed before the page's own scripts, so its listeners see every press first. */
export const CLICK_RECORDER_SCRIPT = `(() => {
  const log = { pointerdown: [], click: [] };
  Object.defineProperty(window, '__exactlyOneClicks', { value: log });
  for (const type of ['pointerdown', 'click']) addEventListener(type, (event) => {
    if (event.isTrusted) log[type].push(performance.now());
  }, true);
})();`;

export interface PageClicks {
  /** performance.now() of each press, in page time. */
  pressedAtMs: number[];
  /** How many presses became click events (fewer when the page disabled the button). */
  landed: number;
}

export async function clickButton(page: Page, selector: string, style: ClickStyle, clicks: number, timeoutMs: number): Promise<void> {
  const button = page.locator(selector);
  if (style === 'multi-click') {
    await button.click({ clickCount: clicks, delay: 0, timeout: timeoutMs });
    return;
  }
  if (style === 'fast-mouse') {
    await button.scrollIntoViewIfNeeded({ timeout: timeoutMs });
    const box = await button.boundingBox({ timeout: timeoutMs });
    if (!box) throw new Error(`${selector} has no box to click`);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    const cdp = await page.context().newCDPSession(page);
    try {
      await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
      const events: Promise<unknown>[] = [];
      for (let i = 0; i < clicks; i++) {
        events.push(cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', buttons: 1, clickCount: 1 }));
        events.push(cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', buttons: 0, clickCount: 1 }));
      }
      await Promise.all(events);
    } finally {
      await cdp.detach().catch(() => {});
    }
    return;
  }
  // One handle for the five clicks: a locator re-resolves the element on every click, which
  // measured ≈ 3× the gap of clicking a handle resolved once.
  const handle = await button.elementHandle({ timeout: timeoutMs });
  try {
    for (let i = 0; i < clicks; i++) await handle.click({ force: true, timeout: timeoutMs });
  } finally {
    await handle.dispose();
  }
}

export async function readClicks(page: Page): Promise<PageClicks> {
  return page.evaluate(() => {
    const log = (window as unknown as { __exactlyOneClicks?: { pointerdown: number[]; click: number[] } }).__exactlyOneClicks;
    return { pressedAtMs: log?.pointerdown ?? [], landed: log?.click.length ?? 0 };
  });
}

/** Gaps between consecutive presses, in ms rounded to 0.1 ms. */
export function gapsOf(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => Math.round((t - times[i]!) * 10) / 10);
}
