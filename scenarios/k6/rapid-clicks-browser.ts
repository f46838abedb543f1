// rapid-clicks (docs/scenarios.md) with k6's browser module: each business's owner opens the target's
// /onboarding.html in its own browser context and presses Launch Dashboard 5 times, in the same
// three styles as the harness's Chromium driver (harness/drivers/chromium). Each onboarding
// response the page receives is recorded as an `exactly_one_responses` sample with the request's
// key and timing, so the harness rebuilds the history from k6's JSON output as for the API
// scripts. Needs a k6 with the browser module (any k6 ≥ 1.0) and a Chromium it can find.
import { check } from 'k6';
import { browser, type Page, type Request } from 'k6/browser';
import exec from 'k6/execution';
import { CLICKS } from '../rapid-clicks.ts';
import { CHECK_ALLOWED, loadFixtures, responses, targetUrl, THRESHOLDS, unexpected, waitForStart } from './k6-onboarding.ts';
import { isAllowedAnswer } from './business-actions.ts';

const fixtures = loadFixtures();
const STYLES = ['multi-click', 'fast-mouse', 'sequential'] as const;
const ONBOARDING = /\/api\/businesses\/([^/]+)\/complete-onboarding$/;

export const options = {
  scenarios: {
    'rapid-clicks-browser': {
      executor: 'shared-iterations' as const,
      vus: Math.max(1, Math.min(fixtures.businesses.length, Number(__ENV.MAX_PAGES ?? 4))),
      iterations: fixtures.businesses.length,
      maxDuration: '10m',
      options: { browser: { type: 'chromium' as const } },
    },
  },
  thresholds: THRESHOLDS,
};

async function press(page: Page, style: (typeof STYLES)[number]): Promise<void> {
  const button = page.locator('#launch-button');
  if (style === 'multi-click') return button.click({ clickCount: CLICKS });
  if (style === 'fast-mouse') {
    const box = await button.boundingBox();
    if (!box) throw new Error('#launch-button has no box');
    for (let i = 0; i < CLICKS; i++) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    return;
  }
  for (let i = 0; i < CLICKS; i++) await button.click({ force: true });
}

export default async function (): Promise<void> {
  const index = exec.scenario.iterationInTest;
  const business = fixtures.businesses[index];
  if (!business) return;
  const style = STYLES[index % STYLES.length]!;
  waitForStart(fixtures);
  const context = await browser.newContext();
  const page = await context.newPage();
  const started = new Map<Request, number>();
  let open = 0;
  let n = 0;
  try {
    page.on('request', (request) => {
      if (request.method() !== 'POST' || !ONBOARDING.test(new URL(request.url()).pathname)) return;
      started.set(request, Date.now());
      open++;
    });
    const settle = async (request: Request, status: number, body: unknown, error: string) => {
      const at = started.get(request);
      if (at === undefined) return;
      started.delete(request);
      open--;
      const b = (body ?? {}) as Record<string, unknown>;
      responses.add(1, {
        op: `${exec.scenario.name}:${index}:${n++}`, business: business.id, client: 'browser', style,
        key: request.headers()['idempotency-key'] ?? '', status: String(status), error,
        duration_ms: String(Date.now() - at),
        success: b.success === undefined ? '' : String(b.success),
        phone: typeof b.phoneNumber === 'string' ? b.phoneNumber : '',
        code: typeof b.code === 'string' ? b.code : '',
        already: b.alreadyComplete === undefined ? '' : String(b.alreadyComplete),
      });
      if (status !== 0 && !check(body, { [CHECK_ALLOWED]: () => isAllowedAnswer(status, body) }, { business: business.id })) unexpected.add(1, { business: business.id, status: String(status) });
    };
    page.on('requestfinished', async (request) => {
      const response = await request.response();
      const body = await response?.json().catch(() => null);
      await settle(request, response?.status() ?? 0, body ?? null, '');
    });
    page.on('requestfailed', (request) => void settle(request, 0, null, request.failure()?.errorText ?? 'failed'));

    await page.goto(`${targetUrl()}/onboarding.html?variant=${fixtures.variant}&business=${encodeURIComponent(business.id)}&token=${encodeURIComponent(business.ownerToken)}`);
    await press(page, style);
    // The fixed page says it is busy while it retries a 409; the others are done when nothing is pending.
    await page.waitForFunction(() => document.getElementById('onboarding')?.getAttribute('aria-busy') !== 'true', { timeout: 30_000 });
    for (let waited = 0; open > 0 && waited < 300; waited++) await page.waitForTimeout(100);
  } finally {
    await page.close();
    await context.close();
  }
}
