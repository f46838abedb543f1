import type { Page, Request } from 'playwright-core';
import type { Operation } from '../../../model/index.ts';
import { captureBody, classifyOutcome } from '../../history/index.ts';

// Everything one page sends: each onboarding POST becomes a history operation, and every
// request is kept in a plain log for the business's artifacts.
//
// Times are the browser's own (Playwright's request.timing(): start, and end of the response),
// put on process.hrtime.bigint() through a wall-clock/monotonic pair, so they line up with the
// fake's ledger. The moments Node *hears* of a request come late: under load the 'request'
// event arrived 70 ms after the fake Twilio had already received the purchase it caused
// (measured), which would put effects before their causes in the history. Node's own readings
// remain as the fallback when the browser gives no timing (a failed request).

const ONBOARDING_PATH = /^\/api\/businesses\/([^/]+)\/complete-onboarding$/;

export interface RequestLogEntry {
  method: string;
  url: string;
  invokeNs: string;
  completeNs: string | null;
  status: number | null;
  failure: string | null;
}

export interface PageRecorder {
  operations: Omit<Operation, 'id'>[];
  log: RequestLogEntry[];
  /** Onboarding requests seen that have not finished (or failed) yet. */
  pending(): number;
  /** Resolves when no onboarding request is pending (immediately if none is). */
  idle(): Promise<void>;
  /** Marks requests still pending as unknown outcomes (called when the page's time is up). */
  abandon(reason: string): void;
}

/** The token is a credential: artifacts keep its place in the URL, not its value. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/g, '$1…');
}

/** A wall-clock reading (ms since the epoch) and the monotonic reading taken at the same moment. */
export interface WallClockPair {
  wallMs: number;
  hrNs: bigint;
}

/** Reads the pair right after Date.now() ticks, so the ms reading is exact to the spin loop's step. */
export function readClockPair(): WallClockPair {
  const start = Date.now();
  let wallMs = start;
  while (wallMs === start) wallMs = Date.now();
  return { wallMs, hrNs: process.hrtime.bigint() };
}

export function wallToHr(pair: WallClockPair, wallMs: number): bigint {
  return pair.hrNs + BigInt(Math.round((wallMs - pair.wallMs) * 1e6));
}

export function recordPageRequests(
  page: Page,
  meta: { scenario: string; businessId: string },
  clock: WallClockPair = readClockPair(),
  now = () => process.hrtime.bigint(),
): PageRecorder {
  const operations: Omit<Operation, 'id'>[] = [];
  const log: RequestLogEntry[] = [];
  const open = new Map<Request, { operation: Omit<Operation, 'id'> | null; entry: RequestLogEntry }>();
  let pendingOnboarding = 0;
  let waiters: (() => void)[] = [];

  const settleOne = () => {
    pendingOnboarding--;
    if (pendingOnboarding === 0) for (const wake of waiters.splice(0)) wake();
  };

  page.on('request', (request) => {
    const invokeNs = String(now());
    const entry: RequestLogEntry = { method: request.method(), url: redactUrl(request.url()), invokeNs, completeNs: null, status: null, failure: null };
    log.push(entry);
    const path = new URL(request.url()).pathname;
    const isOnboarding = request.method() === 'POST' && ONBOARDING_PATH.test(path);
    let operation: Omit<Operation, 'id'> | null = null;
    if (isOnboarding) {
      pendingOnboarding++;
      operation = {
        scenario: meta.scenario, businessId: meta.businessId, instance: 0, client: 'browser', method: 'POST', path,
        key: request.headers()['idempotency-key'] ?? null, burst: null, invokeNs, completeNs: invokeNs, arrivalNs: null,
        outcome: 'info', status: null, body: null, error: 'no response yet', fault: null,
      };
      operations.push(operation);
    }
    open.set(request, { operation, entry });
  });

  page.on('requestfinished', async (request) => {
    const completeNs = String(now());
    const seen = open.get(request);
    if (!seen) return;
    open.delete(request);
    const timing = request.timing();
    const invokeNs = timing.startTime > 0 ? String(wallToHr(clock, timing.startTime)) : seen.entry.invokeNs;
    const endNs = timing.startTime > 0 && timing.responseEnd >= 0 ? String(wallToHr(clock, timing.startTime + timing.responseEnd)) : completeNs;
    Object.assign(seen.entry, { invokeNs, completeNs: endNs });
    try {
      const response = await request.response();
      seen.entry.status = response?.status() ?? null;
      if (seen.operation && response) {
        const text = await response.text().catch(() => null);
        const arrivalNs = (await response.headerValue('x-arrival-ns').catch(() => null)) ?? null;
        // The browser's wall-clock times, mapped onto our monotonic clock, can be off by tens of
        // ms on a loaded machine. A window that is too wide is safe, one too narrow is wrong: the
        // request was sent before it arrived (X-Arrival-Ns is on our monotonic clock), and it had
        // finished by the time Node heard that it had.
        const arrival = arrivalNs !== null && /^\d+$/.test(arrivalNs) ? BigInt(arrivalNs) : null;
        const start = arrival !== null && arrival < BigInt(invokeNs) ? String(arrival) : invokeNs;
        const end = String([BigInt(endNs), BigInt(completeNs), arrival ?? 0n].reduce((a, b) => (a > b ? a : b)));
        Object.assign(seen.entry, { invokeNs: start, completeNs: end });
        Object.assign(seen.operation, {
          invokeNs: start,
          completeNs: end,
          status: response.status(),
          outcome: classifyOutcome({ status: response.status() }),
          arrivalNs,
          body: captureBody(text).stored,
          error: null,
        });
      }
    } finally {
      if (seen.operation) settleOne();
    }
  });

  page.on('requestfailed', (request) => {
    const completeNs = String(now());
    const seen = open.get(request);
    if (!seen) return;
    open.delete(request);
    const failure = request.failure()?.errorText ?? 'failed';
    const timing = request.timing();
    if (timing.startTime > 0) seen.entry.invokeNs = String(wallToHr(clock, timing.startTime));
    seen.entry.completeNs = completeNs;
    seen.entry.failure = failure;
    if (seen.operation) {
      // A refused connection proves nothing was delivered; anything else may have reached the app.
      const sent = !/ERR_CONNECTION_REFUSED|ERR_NAME_NOT_RESOLVED|ERR_ADDRESS_INVALID/.test(failure);
      Object.assign(seen.operation, { invokeNs: seen.entry.invokeNs, completeNs, outcome: classifyOutcome({ error: failure, sent }), error: failure });
      settleOne();
    }
  });

  return {
    operations,
    log,
    pending: () => pendingOnboarding,
    idle: () => (pendingOnboarding === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    abandon(reason) {
      const at = String(now());
      for (const [request, seen] of open) {
        open.delete(request);
        if (!seen.operation) continue;
        Object.assign(seen.operation, { completeNs: at, outcome: 'info', error: reason });
        settleOne();
      }
      waiters = [];
    },
  };
}
