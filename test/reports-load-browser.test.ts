// The sustained-load time series of the HTML report in real headless Chromium at 1,400 px: the four
// charts draw, share one time axis (same range, same plotting width and position, one zoom) and one
// cursor, and a click on a violation's ✘ scrolls to its business's history, opening what hides it.
// Screenshots: test-output/reports/load-series.png and load-violation-opened.png.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFixture, writeRunReport } from '../reports/index.ts';
import { dragAcross } from './support/chart-drag.ts';

const CHROMIUM = process.env.EXACTLY_ONE_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.CI === 'true' || process.env.EXACTLY_ONE_REQUIRE_BROWSER === 'true';
const available = existsSync(CHROMIUM);
if (!available && required) throw new Error(`Chromium is required (CI) but missing at ${CHROMIUM}: apt-get install -y chromium`);
const OUT = resolve('test-output/reports');

interface Panel { key: string; min: number; max: number; left: number; width: number; cursor: number | null }

/** Each load chart's x range, its plotting area on the page, and where its cursor is. */
function panels(page: Page): Promise<Panel[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __exactlyOneCharts: { root: HTMLElement; over: HTMLElement; scales: { x: { min: number; max: number } }; cursor: { left: number | null } }[] };
    return w.__exactlyOneCharts.filter((u) => u.root.closest('[data-chart="load"]')).map((u) => {
      const r = u.over.getBoundingClientRect();
      return { key: u.root.parentElement!.getAttribute('data-load-panel')!, min: u.scales.x.min, max: u.scales.x.max, left: r.left, width: r.width, cursor: u.cursor.left };
    });
  });
}

describe.skipIf(!available)(`load time series in Chromium (${available ? CHROMIUM : `skipped: no Chromium at ${CHROMIUM}`})`, () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];
  beforeAll(async () => {
    const dir = join(OUT, 'load');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const { htmlPath } = await writeRunReport(dir, reportFixture('load'));
    const url = pathToFileURL(resolve(htmlPath)).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
    await page.goto(url);
    await page.waitForSelector('html[data-ready="1"]');
  });
  afterAll(async () => { await browser?.close(); });

  it('draws four charts on one time axis, with inked canvases, no console error and no request', async () => {
    const chart = page.locator('.chart[data-chart="load"]');
    await chart.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('.chart[data-chart="load"]')?.hasAttribute('data-shapes'));
    const inked = await chart.evaluate((el) => Array.from(el.querySelectorAll('canvas')).map((c) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
      return n;
    }));
    expect(inked).toHaveLength(4);
    for (const n of inked) expect(n).toBeGreaterThan(1000);
    expect(Number(await chart.getAttribute('data-shapes'))).toBeGreaterThan(100);
    const ps = await panels(page);
    expect(ps.map((p) => p.key)).toEqual(['arrivals', 'in-flight', 'latency', 'purchases']);
    // Shared axes: the same range, drawn at the same place and width, so one second is one column of the page.
    for (const p of ps) expect({ min: p.min, max: p.max, left: Math.round(p.left), width: Math.round(p.width) }).toEqual({ min: ps[0]!.min, max: ps[0]!.max, left: Math.round(ps[0]!.left), width: Math.round(ps[0]!.width) });
    // The axis spans the whole arrival phase from 0, and every ✘ is on it (the first can come before the first point's end, 1 s).
    const marks = await page.evaluate(() => (window as unknown as { __exactlyOne: { cells: { load: { marks: { t: number[] } } }[] } }).__exactlyOne.cells[0]!.load.marks.t);
    expect(ps[0]!.min).toBe(0);
    expect(ps[0]!.max).toBeGreaterThanOrEqual(120);
    expect(marks.length).toBeGreaterThan(100);
    for (const t of marks) expect(t >= ps[0]!.min && t <= ps[0]!.max, `✘ at ${t} s is off the axis`).toBe(true);
    const box = await chart.evaluate((el) => { const r = el.getBoundingClientRect(); return { y: r.top + window.scrollY, height: r.height }; });
    await page.screenshot({ path: join(OUT, 'load-series.png'), fullPage: true, clip: { x: 0, y: Math.max(0, box.y - 60), width: 1400, height: box.height + 420 } });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('moves one cursor over every chart, and zooms all of them with a drag in one', async () => {
    const over = page.locator('[data-load-panel="in-flight"] .u-over');
    await over.scrollIntoViewIfNeeded();
    const b = (await over.boundingBox())!;
    await page.mouse.move(b.x + b.width * 0.4, b.y + b.height / 2);
    await page.waitForFunction(() => document.querySelectorAll('[data-chart="load"] .u-cursor-x').length === 4);
    const cursors = (await panels(page)).map((p) => Math.round(p.cursor ?? -1));
    expect(new Set(cursors).size).toBe(1);
    expect(cursors[0]).toBeGreaterThan(0);
    const before = (await panels(page))[0]!;
    await dragAcross(page, b, 0.2, 0.5);
    await page.waitForFunction((max) => {
      const w = window as unknown as { __exactlyOneCharts: { root: HTMLElement; scales: { x: { max: number } } }[] };
      return w.__exactlyOneCharts.filter((u) => u.root.closest('[data-chart="load"]')).every((u) => u.scales.x.max < max * 0.7);
    }, before.max);
    const zoomed = await panels(page);
    for (const p of zoomed) expect([p.min, p.max]).toEqual([zoomed[0]!.min, zoomed[0]!.max]);
    expect(zoomed[0]!.max - zoomed[0]!.min).toBeLessThan((before.max - before.min) * 0.5);
    // Double-click resets the zoom of the group.
    await page.mouse.dblclick(b.x + b.width * 0.5, b.y + b.height / 2);
    await page.waitForFunction((max) => {
      const w = window as unknown as { __exactlyOneCharts: { root: HTMLElement; scales: { x: { max: number } } }[] };
      return w.__exactlyOneCharts.filter((u) => u.root.closest('[data-chart="load"]')).every((u) => u.scales.x.max === max);
    }, before.max);
  });

  it('a click on a ✘ scrolls to that business\'s history, opening the list it is in', async () => {
    const marks = await page.evaluate(() => {
      const w = window as unknown as { __exactlyOne: { cells: { load: { marks: { t: number[]; anchor: string[] } } }[] } };
      return w.__exactlyOne.cells[0]!.load.marks;
    });
    const target = await page.evaluate((m) => {
      const w = window as unknown as { __exactlyOneCharts: { root: HTMLElement; valToPos(v: number, s: string): number }[] };
      const u = w.__exactlyOneCharts.find((c) => c.root.parentElement?.getAttribute('data-load-panel') === 'purchases')!;
      const px = m.t.map((t) => u.valToPos(t, 'x'));
      // A marker of a business listed beyond the first 50 (inside a closed <details>), clear of its neighbours.
      const k = m.anchor.findIndex((a, i) => document.getElementById(a)?.tagName === 'LI' && Math.abs(px[i]! - (px[i - 1] ?? -99)) > 4 && Math.abs((px[i + 1] ?? 1e9) - px[i]!) > 4);
      return { k, x: px[k]!, anchor: m.anchor[k]! };
    }, marks);
    expect(target.k).toBeGreaterThanOrEqual(0);
    expect(await page.$eval(`[id="${target.anchor}"]`, (el) => (el.closest('details') as HTMLDetailsElement).open)).toBe(false);
    const over = page.locator('[data-load-panel="purchases"] .u-over');
    await over.scrollIntoViewIfNeeded();
    const b = (await over.boundingBox())!;
    await page.mouse.click(b.x + target.x, b.y + 10);
    await page.waitForFunction((a) => location.hash === `#${a}`, target.anchor);
    const shown = await page.$eval(`[id="${target.anchor}"]`, (el) => {
      const r = el.getBoundingClientRect();
      return { open: (el.closest('details') as HTMLDetailsElement).open, top: r.top, bottom: r.bottom, vh: window.innerHeight, text: el.textContent };
    });
    expect(shown.open).toBe(true);
    expect(shown.top).toBeGreaterThan(-2); // scrollIntoView lands on a sub-pixel
    expect(shown.bottom).toBeLessThanOrEqual(shown.vh);
    expect(shown.text).toMatch(/caused 2 committed purchases/);
    // The earliest violation, from the links under the charts: a business shown in full, its history table in view.
    await page.locator('.load-marks a').first().click();
    await page.waitForFunction((a) => location.hash === `#${a}`, marks.anchor[0]!);
    const first = await page.$eval(`[id="${marks.anchor[0]!}"]`, (el) => ({ cls: el.className, history: el.querySelector('table.history') !== null, top: el.getBoundingClientRect().top, vh: window.innerHeight }));
    expect(first).toMatchObject({ cls: 'violation', history: true });
    expect(first.top).toBeGreaterThan(-2);
    expect(first.top).toBeLessThan(first.vh);
    await page.screenshot({ path: join(OUT, 'load-violation-opened.png') });
  });
});
