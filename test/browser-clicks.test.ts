// rapid-clicks in a real Chromium: the driver against a tiny page served here (so the driver's
// own behaviour is pinned down apart from the target app), then against the target app's page.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, runBrowserClicks, type BrowserClickOptions } from '../harness/drivers/index.ts';
import { isEnvironmentError } from '../harness/errors.ts';
import { startTargetAppStack } from './support/target-app-stack.ts';

const browser = findBrowser();
const required = process.env.CI === 'true' || process.env.EXACTLY_ONE_REQUIRE_BROWSER === 'true';
if (!browser && required) throw new Error('no Chromium found and a browser is required: apt-get install -y chromium (or set CHROME_PATH)');

const PROFILE_PREFIX = join(tmpdir(), 'exactly-one-chromium-');

/** Chromium processes started with one of our profile folders. */
function ourChromiums(): string[] {
  try {
    return execFileSync('pgrep', ['-af', `user-data-dir=${PROFILE_PREFIX}`], { encoding: 'utf8' }).split('\n').filter((l) => l && !l.includes('pgrep'));
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}
const ourProfiles = () => readdirSync(tmpdir()).filter((name) => name.startsWith('exactly-one-chromium-'));

/** A minimal onboarding page: every click POSTs with a per-click key; `?disable=1` disables the button on the first click. */
const PAGE = `<!doctype html><html><body><main id="onboarding" aria-busy="false">
<button id="launch-button">Launch Dashboard</button></main><script>
const q = new URLSearchParams(location.search); let n = 0;
console.error('tiny page loaded for ' + q.get('business'));
document.getElementById('launch-button').addEventListener('click', (e) => {
  if (q.get('disable')) e.target.disabled = true;
  fetch('/api/businesses/' + q.get('business') + '/complete-onboarding', { method: 'POST',
    headers: { Authorization: 'Bearer ' + q.get('token'), 'Idempotency-Key': 'click-' + (n++) }, body: '{}' })
    .catch(() => {});
});</script></body></html>`;

interface TinyApp { url: string; server: Server; posts: { business: string; key: string | undefined; auth: string | undefined }[]; hanging: IncomingMessage[] }

async function startTinyApp(options: { pageStatus?: number; hang?: boolean; disable?: boolean } = {}): Promise<TinyApp> {
  const app: TinyApp = { url: '', server: createServer(), posts: [], hanging: [] };
  app.server.on('request', (req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/onboarding.html') {
      res.writeHead(options.pageStatus ?? 200, { 'content-type': 'text/html' }).end(options.disable ? PAGE.replace("q.get('disable')", 'true') : PAGE);
      return;
    }
    const match = /^\/api\/businesses\/([^/]+)\/complete-onboarding$/.exec(url.pathname);
    if (req.method === 'POST' && match) {
      app.posts.push({ business: match[1]!, key: req.headers['idempotency-key'] as string | undefined, auth: req.headers.authorization });
      if (options.hang) {
        app.hanging.push(req);
        return;
      }
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'x-arrival-ns': String(process.hrtime.bigint()) })
        .end(JSON.stringify({ success: true, phoneNumber: `+1828555${match[1]!.padStart(4, '0')}`, alreadyComplete: false })));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const address = app.server.address();
  app.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return app;
}

const businesses = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(1000 + i), name: `Business ${i}`, ownerToken: `token-${i}` }));

describe.skipIf(!browser)('Chromium rapid clicks', () => {
  let artifactsDir: string;
  let app: TinyApp | null = null;
  const profilesBefore = new Set<string>();

  beforeAll(() => {
    for (const name of ourProfiles()) profilesBefore.add(name);
  });
  afterEach(async () => {
    if (app) {
      for (const req of app.hanging) req.socket.destroy();
      app.server.closeAllConnections();
      await new Promise((resolve) => app!.server.close(resolve));
      app = null;
    }
    if (artifactsDir) await rm(artifactsDir, { recursive: true, force: true });
    // Never a browser or a profile folder left behind, whatever the test did.
    expect(ourChromiums()).toEqual([]);
    expect(ourProfiles().filter((name) => !profilesBefore.has(name))).toEqual([]);
  });
  afterAll(() => expect(ourChromiums()).toEqual([]));

  async function options(extra: Partial<BrowserClickOptions> & { app: TinyApp; count: number }): Promise<BrowserClickOptions> {
    artifactsDir = await mkdtemp(join(tmpdir(), 'browser-clicks-test-'));
    return {
      executablePath: browser!.executablePath, appUrl: extra.app.url, variant: 'buggy', businesses: businesses(extra.count),
      artifactsDir, scenario: 'rapid-clicks', timeoutMs: 30_000, ...extra,
    };
  }

  it('presses 5 times in each style, records every request, click gap and console error, and keeps only asked-for screenshots', async () => {
    app = await startTinyApp();
    const result = await runBrowserClicks(await options({ app, count: 6, maxPages: 3 }));
    expect(result.browserVersion).toMatch(/^\d+\./);
    expect(result.clicks.map((c) => c.style)).toEqual(['multi-click', 'fast-mouse', 'sequential', 'multi-click', 'fast-mouse', 'sequential']);
    for (const record of result.clicks) {
      expect(record.pressed).toBe(5);
      expect(record.landed).toBe(5);
      expect(record.gapsMs).toHaveLength(4);
      for (const gap of record.gapsMs) expect(gap).toBeGreaterThanOrEqual(0);
    }
    expect(app.posts).toHaveLength(30);
    expect(result.operations).toHaveLength(30);
    for (const b of businesses(6)) {
      const ops = result.operations.filter((op) => op.businessId === b.id);
      expect(ops.map((op) => op.key).sort()).toEqual(['click-0', 'click-1', 'click-2', 'click-3', 'click-4']);
      for (const op of ops) {
        expect(op).toMatchObject({ client: 'browser', method: 'POST', path: `/api/businesses/${b.id}/complete-onboarding`, outcome: 'ok', status: 200, error: null, scenario: 'rapid-clicks' });
        expect(op.body).toMatchObject({ success: true, phoneNumber: `+1828555${b.id}` });
        expect(BigInt(op.completeNs)).toBeGreaterThanOrEqual(BigInt(op.invokeNs));
        // The browser's times, put on this process's monotonic clock and widened where the mapping
        // is off, bracket the server's arrival stamp.
        expect(BigInt(op.invokeNs)).toBeLessThanOrEqual(BigInt(op.arrivalNs!));
        expect(BigInt(op.arrivalNs!)).toBeLessThanOrEqual(BigInt(op.completeNs));
      }
      expect(app.posts.filter((p) => p.business === b.id).every((p) => p.auth === `Bearer ${b.ownerToken}`)).toBe(true);
    }
    // Invoke order, as the history needs.
    const invokes = result.operations.map((op) => BigInt(op.invokeNs));
    expect(invokes).toEqual([...invokes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(result.consoleErrors.map((e) => e.text).sort()).toEqual(businesses(6).map((b) => `tiny page loaded for ${b.id}`).sort());

    const log = JSON.parse(readFileSync(join(artifactsDir, 'businesses', '1001.json'), 'utf8'));
    expect(log.clicks.pressedAtMs).toHaveLength(5);
    expect(log.requests.filter((r: { method: string }) => r.method === 'POST')).toHaveLength(5);
    expect(log.url).not.toContain('token-1');
    const kept = await result.keepScreenshots(['1002', 'no-such-business']);
    expect(kept).toEqual([join(artifactsDir, 'screenshots', '1002.png')]);
    expect(readFileSync(kept[0]!).subarray(1, 4).toString()).toBe('PNG');
    await result.close();
    expect(existsSync(join(artifactsDir, '.final'))).toBe(false);
    expect(readdirSync(join(artifactsDir, 'screenshots'))).toEqual(['1002.png']);
  });

  it('counts presses on a button the page disabled, though only the first became a click', async () => {
    app = await startTinyApp({ disable: true });
    const result = await runBrowserClicks(await options({ app, count: 3 }));
    for (const record of result.clicks) expect(record).toMatchObject({ pressed: 5, landed: 1 });
    expect(result.operations).toHaveLength(3);
    await result.close();
  });

  it('gives up on a page whose requests never finish, recording them as unknown outcomes, and closes Chromium', async () => {
    app = await startTinyApp({ hang: true });
    const result = await runBrowserClicks(await options({ app, count: 1, timeoutMs: 3_000, styleOf: () => 'multi-click' }));
    expect(result.operations).toHaveLength(5);
    for (const op of result.operations) expect(op).toMatchObject({ outcome: 'info', status: null, error: expect.stringContaining('timeout') });
    expect(JSON.parse(readFileSync(join(artifactsDir, 'businesses', '1000.json'), 'utf8')).problem).toContain('did not finish');
    await result.close();
  });

  it('stops and closes Chromium when the run is aborted', async () => {
    app = await startTinyApp({ hang: true });
    const controller = new AbortController();
    app.server.on('request', () => controller.abort(new Error('Ctrl-C')));
    await expect(runBrowserClicks(await options({ app, count: 4, maxPages: 2, signal: controller.signal }))).rejects.toThrow('Ctrl-C');
  });

  it('fails with E_NO_PAGE when the target serves no onboarding page', async () => {
    app = await startTinyApp({ pageStatus: 404 });
    const error = await runBrowserClicks(await options({ app, count: 2 })).catch((e: unknown) => e);
    expect(isEnvironmentError(error) && error.code).toBe('E_NO_PAGE');
  });

  it("against the target app (naive): the buggy page sends a request per click, the fixed page exactly one and buys once", async () => {
    // docs/scenarios.md: the fixed page in front of naive must pass on its own.
    await using stack = await startTargetAppStack({ strategy: 'naive' });
    const seeded = await stack.seed(6);
    artifactsDir = await mkdtemp(join(tmpdir(), 'browser-clicks-test-'));
    const common = { executablePath: browser!.executablePath, appUrl: stack.url, artifactsDir, scenario: 'rapid-clicks', maxPages: 3 };
    const buggy = await runBrowserClicks({ ...common, variant: 'buggy', businesses: seeded.slice(0, 3) });
    const fixed = await runBrowserClicks({ ...common, variant: 'fixed', businesses: seeded.slice(3) });
    for (const result of [buggy, fixed]) {
      expect(result.clicks.map((c) => c.style).sort()).toEqual(['fast-mouse', 'multi-click', 'sequential']);
      for (const record of result.clicks) expect(record.pressed).toBe(5);
      expect(result.consoleErrors).toEqual([]);
    }
    for (const business of seeded.slice(0, 3)) {
      const ops = buggy.operations.filter((op) => op.businessId === business.id);
      expect(ops.length).toBeGreaterThanOrEqual(2);
      expect(ops.every((op) => op.key === null)).toBe(true);
    }
    for (const business of seeded.slice(3)) {
      const ops = fixed.operations.filter((op) => op.businessId === business.id);
      expect(ops).toHaveLength(1);
      expect(ops[0]).toMatchObject({ outcome: 'ok', status: 200, key: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(await stack.committedPurchases(business.id)).toBe(1);
      // The operation's times are on the ledger's clock: the purchase happened inside the request.
      const { purchases } = await stack.admin.ledger();
      const purchase = purchases.find((p) => p.committed && p.friendlyName === `business:${business.id}`)!;
      expect(BigInt(ops[0]!.invokeNs)).toBeLessThan(BigInt(purchase.receivedAtNs));
      expect(BigInt(purchase.committedAtNs!)).toBeLessThan(BigInt(ops[0]!.completeNs));
    }
    await buggy.close();
    await fixed.close();
  });
});
