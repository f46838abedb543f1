// Opens each kind of report in real headless Chromium from file://, as a reviewer would, and checks
// what a reviewer relies on: the verdict in words, every chart drawn, no console error, no request
// leaving the page. Screenshots are kept in test-output/reports/ for a human to look at.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFixture, writeRunReport, type FixtureKind } from '../reports/index.ts';
import { dragAcross } from './support/chart-drag.ts';

const CHROMIUM = process.env.EXACTLY_ONE_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.CI === 'true' || process.env.EXACTLY_ONE_REQUIRE_BROWSER === 'true';
const available = existsSync(CHROMIUM);
if (!available && required) throw new Error(`Chromium is required (CI) but missing at ${CHROMIUM}: apt-get install -y chromium`);
const OUT = resolve('test-output/reports');

const CASES: { kind: FixtureKind; verdict: string; sentence: RegExp; charts: boolean }[] = [
  { kind: 'pass', verdict: 'PASS', sentence: /Every invariant held in 3 scenarios/, charts: true },
  { kind: 'fail', verdict: 'FAIL', sentence: /EXACTLY_ONE_PURCHASE.*broken in 4 of 4 scenarios/, charts: true },
  { kind: 'error', verdict: 'ERROR', sentence: /interrupted by SIGINT/, charts: true },
  { kind: 'skipped', verdict: 'SKIPPED', sentence: /Nothing was checked: external target/, charts: false },
  { kind: 'matrix', verdict: 'FAIL', sentence: /1 cell did not reproduce the expected failure \(network-failure \[row-lock\/mixed\]\)/, charts: true },
  { kind: 'incident', verdict: 'PASS', sentence: /incident was reproduced without the fix/, charts: true },
  { kind: 'large', verdict: 'PASS', sentence: /Every invariant held in 3 scenarios/, charts: true },
];

describe.skipIf(!available)(`HTML report in Chromium (${available ? CHROMIUM : `skipped: no Chromium at ${CHROMIUM}`})`, () => {
  let browser: Browser;
  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => { await browser?.close(); });

  for (const c of CASES) {
    it(`${c.kind}: verdict ${c.verdict}, every chart drawn, no console error, no request`, async () => {
      const dir = join(OUT, c.kind);
      await rm(dir, { recursive: true, force: true });
      const { htmlPath } = await writeRunReport(dir, reportFixture(c.kind));
      const url = pathToFileURL(resolve(htmlPath)).href;
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
      try {
        await page.goto(url);
        await page.waitForSelector('html[data-ready="1"]');
        expect(await page.textContent('#verdict-word')).toBe(c.verdict);
        expect(await page.textContent('#verdict-sentence')).toMatch(c.sentence);
        // What a reader first sees, before opening anything.
        // (At most 4,000 px of it: a failing run with 50 violations in full is far longer.)
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.screenshot({ path: join(OUT, `${c.kind}.png`), fullPage: true, clip: { x: 0, y: 0, width: 1300, height: Math.min(height, 4000) } });

        // Open every scenario so every chart is drawn, then check each drew shapes on its canvas.
        await page.$$eval('details.scenario', (ds) => ds.forEach((d) => { (d as HTMLDetailsElement).open = true; }));
        await page.waitForFunction(() => Array.from(document.querySelectorAll('.chart')).every((e) => e.hasAttribute('data-shapes')));
        const charts = await page.$$eval('.chart', (els) => els.map((el) => {
          const canvas = el.querySelector('canvas');
          let inked = 0;
          if (canvas) {
            const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) inked++;
          }
          return { kind: el.getAttribute('data-chart'), shapes: Number(el.getAttribute('data-shapes')), inked };
        }));
        if (c.charts) expect(charts.length).toBeGreaterThan(0);
        else expect(charts).toEqual([]);
        for (const chart of charts) {
          expect(chart.shapes, `${chart.kind} drew no shape`).toBeGreaterThan(0);
          expect(chart.inked, `${chart.kind} left its canvas blank`).toBeGreaterThan(0);
        }
        expect(problems).toEqual([]);
        expect(requests).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('zooms a timeline with a drag, and shows the violations before the matrix', async () => {
    const { htmlPath } = await writeRunReport(join(OUT, 'zoom'), reportFixture('fail'));
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    try {
      await page.goto(pathToFileURL(resolve(htmlPath)).href);
      await page.waitForSelector('html[data-ready="1"]');
      const findings = await page.$eval('#findings', (el) => el.getBoundingClientRect().top);
      const matrix = await page.$eval('#matrix', (el) => el.getBoundingClientRect().top);
      expect(findings).toBeLessThan(matrix);
      const timeline = page.locator('.chart[data-chart="timeline"] .u-over').first();
      await timeline.scrollIntoViewIfNeeded();
      const xMax = (): Promise<number> => page.evaluate(() => {
        const w = window as unknown as { __exactlyOneCharts: { root: HTMLElement; scales: { x: { max: number } } }[] };
        return w.__exactlyOneCharts.find((u) => u.root.parentElement?.getAttribute('data-chart') === 'timeline')!.scales.x.max;
      });
      const before = await xMax();
      const box = (await timeline.boundingBox())!;
      await dragAcross(page, box, 0.1, 0.3);
      await page.waitForFunction((b) => {
        const w = window as unknown as { __exactlyOneCharts: { root: HTMLElement; scales: { x: { max: number } } }[] };
        return w.__exactlyOneCharts.find((u) => u.root.parentElement?.getAttribute('data-chart') === 'timeline')!.scales.x.max < b;
      }, before);
      expect(await xMax()).toBeLessThan(before * 0.5);
      await timeline.screenshot({ path: join(OUT, 'timeline-zoomed.png') });
    } finally {
      await page.close();
    }
  });
});
