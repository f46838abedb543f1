// The onboarding pages in headless Chromium against the app: the fixed page sends one request
// for five fast clicks and reuses its key on a retry after an error; the buggy and rca-keys
// pages send a request per click, as the incident's and the RCA's did.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargetAppStack, type SeededBusiness, type TargetAppStack } from './support/target-app-stack.ts';

const CHROMIUM = '/usr/bin/chromium';
const browserRequired = process.env.CI === 'true' || process.env.EXACTLY_ONE_REQUIRE_BROWSER === 'true';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && browserRequired) throw new Error(`${CHROMIUM} is missing and a browser is required (apt-get install -y chromium)`);

describe.skipIf(!haveBrowser)('onboarding pages in Chromium', () => {
  let browser: Browser;

  // Playwright gives each launch a fresh temporary profile and removes it on close.
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the page and records every onboarding request it sends, with its key. */
  async function openPage(stack: TargetAppStack, business: SeededBusiness, variant: string) {
    const page = await browser.newPage();
    const sent: { key: string | null }[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/complete-onboarding')) sent.push({ key: request.headers()['idempotency-key'] ?? null });
    });
    await page.goto(`${stack.url}/onboarding.html?variant=${variant}&business=${business.id}&token=${business.ownerToken}`);
    return { page, sent };
  }

  const fiveFastClicks = (page: Page) => page.click('#launch-button', { clickCount: 5 });

  it('fixed: five fast clicks send one request; a retry after an error reuses the key and shows the number', async () => {
    await using stack = await startTargetAppStack();
    const [business] = await stack.seed(1);
    await stack.admin.setFaults({ rules: [{ operation: 'purchase', kind: 'error', status: 503, times: 1 }] });
    const { page, sent } = await openPage(stack, business!, 'fixed');
    await fiveFastClicks(page);
    await expect.poll(() => page.textContent('#error'), { timeout: 30_000 }).toContain('Please try again');
    expect(await page.getAttribute('#onboarding', 'aria-busy')).toBe('false');
    expect(await page.isEnabled('#launch-button')).toBe(true);
    expect(sent).toHaveLength(1);

    await page.click('#launch-button');
    await expect.poll(() => page.textContent('#result'), { timeout: 30_000 }).toMatch(/Your number: \+1828\d{7}/);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.key).toBe(sent[0]!.key);
    expect(sent[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.isDisabled('#launch-button')).toBe(true);
    expect(await page.textContent('#result')).toContain((await stack.recordedNumber(business!.id))!);
    expect(await stack.committedPurchases(business!.id)).toBe(1);
    await page.close();
  });

  it('fixed: announces the busy state while the request is in flight', async () => {
    await using stack = await startTargetAppStack({ env: { TWILIO_TIMEOUT_MS: '20000' } });
    const [business] = await stack.seed(1);
    await stack.admin.setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-pause', times: 1 }] });
    const { page } = await openPage(stack, business!, 'fixed');
    await page.click('#launch-button');
    await stack.admin.waitFor((e) => e.type === 'purchase.paused', 30_000);
    expect(await page.getAttribute('#onboarding', 'aria-busy')).toBe('true');
    expect(await page.isDisabled('#launch-button')).toBe(true);
    await stack.admin.releasePaused();
    await expect.poll(() => page.textContent('#result'), { timeout: 30_000 }).toMatch(/Your number/);
    expect(await page.getAttribute('#onboarding', 'aria-busy')).toBe('false');
    await page.close();
  });

  for (const variant of ['buggy', 'rca-keys']) {
    it(`${variant}: five fast clicks send five requests`, async () => {
      await using stack = await startTargetAppStack({ strategy: 'naive' });
      const [business] = await stack.seed(1);
      const { page, sent } = await openPage(stack, business!, variant);
      await fiveFastClicks(page);
      await expect.poll(() => page.textContent('#result'), { timeout: 30_000 }).toMatch(/Your number/);
      expect(sent).toHaveLength(5);
      if (variant === 'rca-keys') for (const { key } of sent) expect(key).toMatch(new RegExp(`^onboarding-${business!.id}-\\d+$`));
      else for (const { key } of sent) expect(key).toBeNull();
      await page.close();
    });
  }
});
