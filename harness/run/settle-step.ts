import { setTimeout as delay } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { onboardingInvoke, onboardingRequest } from '../drivers/onboarding-request.ts';
import type { BurstEngine } from '../engines/index.ts';
import type { HistoryRecorder } from '../history/index.ts';
import { readBusiness, type BusinessView, type FixtureBusiness } from '../target/target-client.ts';

// The settle step of ALL_ONBOARDED (docs/invariants.md): every business that is not onboarded after the
// scenario's traffic is retried as the fixed page does — one key per business attempt,
// honouring retryAfterMs / Retry-After — at most 5 attempts within
// CLAIM_LEASE_MS + 2 × TWILIO_TIMEOUT_MS + 2 s.

export const SETTLE_MAX_ATTEMPTS = 5;

export function settleBudgetMs(claimLeaseMs: number, twilioTimeoutMs: number): number {
  return claimLeaseMs + 2 * twilioTimeoutMs + 2_000;
}

export interface SettleOptions {
  businesses: readonly FixtureBusiness[];
  urls: string[];
  areaCode: string;
  engine: BurstEngine;
  history: HistoryRecorder;
  budgetMs: number;
  requestTimeoutMs: number;
  signal: AbortSignal;
}

/** How long the answer asks us to wait before the next attempt, or null if it is final. */
function retryDelayMs(status: number | null, body: unknown, headers: Record<string, string>, attempt: number): number | null {
  if (status === 409) {
    const ms = (body as { retryAfterMs?: unknown } | null)?.retryAfterMs;
    return typeof ms === 'number' && ms >= 0 ? ms : 500;
  }
  if (status === 429) {
    const seconds = Number(headers['retry-after']);
    return Number.isFinite(seconds) ? seconds * 1000 : 1_000;
  }
  // 503, 5xx, or no response at all: the page's "try again" after a short pause.
  if (status === null || status >= 500) return Math.min(250 * 2 ** attempt, 2_000);
  return null;
}

async function settleOne(business: FixtureBusiness, attemptUrl: (attempt: number) => string, options: SettleOptions, deadline: number): Promise<void> {
  const key = `settle-${business.id}-${randomBytes(6).toString('hex')}`;
  for (let attempt = 0; attempt < SETTLE_MAX_ATTEMPTS; attempt++) {
    const left = deadline - Date.now();
    if (left <= 0 || options.signal.aborted) return;
    const request = onboardingRequest(attemptUrl(attempt), business, key, options.areaCode);
    const pending = options.history.invoke(onboardingInvoke(request, { business, instance: attempt % options.urls.length, client: 'settle', key }));
    const response = await options.engine.send(request, { timeoutMs: Math.min(options.requestTimeoutMs, left), signal: options.signal });
    const operation = pending.exchanged(response);
    if (response.status === 200) return;
    const wait = retryDelayMs(response.status, operation.body, response.headers, attempt);
    if (wait === null || Date.now() + wait >= deadline) return;
    await delay(wait, undefined, { signal: options.signal }).catch(() => {});
  }
}

export interface SettleResult {
  /** The app's view after the settle step, by business id (null = the read failed). */
  views: Record<string, BusinessView | null>;
  settled: number;
}

export async function settle(options: SettleOptions): Promise<SettleResult> {
  const read = async () => Object.fromEntries(await Promise.all(
    options.businesses.map(async (b) => [b.id, await readBusiness(options.urls[0]!, b)] as const),
  ));
  const before = await read();
  const pending = options.businesses.filter((b) => !before[b.id]?.phoneNumber);
  const deadline = Date.now() + options.budgetMs;
  await Promise.all(pending.map((b) => settleOne(b, (attempt) => options.urls[attempt % options.urls.length]!, options, deadline)));
  return { views: pending.length === 0 ? before : await read(), settled: pending.length };
}
