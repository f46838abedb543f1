// The k6 side of one business's onboarding traffic: the request of docs/target-contract.md, tagged so that
// the harness can rebuild every operation from k6's JSON output (--out json), checked as the
// undici engine's history is, and a per-response sample carrying what the invariants need from
// the body (k6's HTTP samples carry the status, never the body).
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { Counter } from 'k6/metrics';
import type { ScenarioPlan } from '../scenario-plan.ts';
import { actionsFor, isAllowedAnswer, resolveKey } from './business-actions.ts';
import { fixturesProblem, type K6Business, type K6Fixtures } from './k6-fixtures.ts';

/** One sample per response; its tags are the compact body (see harness/drivers/k6). */
export const responses = new Counter('exactly_one_responses');
/** Responses outside docs/target-contract.md, or 200s of one business naming different numbers. */
export const unexpected = new Counter('exactly_one_unexpected');

export const CHECK_ALLOWED = 'answer is a 2xx or an error docs/target-contract.md allows';
export const CHECK_ONE_NUMBER = "every 200 of a business names one number";

/** Thresholds every script shares: any unexpected answer makes k6 exit non-zero (99). */
export const THRESHOLDS = {
  checks: ['rate==1'],
  exactly_one_unexpected: ['count==0'],
};

export function loadFixtures(): K6Fixtures {
  const path = __ENV.FIXTURES;
  if (!path) throw new Error('FIXTURES is not set: run through `exactly-one run --engine k6`, or pass -e FIXTURES=<file written by the harness>');
  const parsed = JSON.parse(open(path)) as unknown;
  const problem = fixturesProblem(parsed);
  if (problem) throw new Error(`${path}: ${problem}`);
  return parsed as K6Fixtures;
}

export function targetUrl(): string {
  const url = __ENV.TARGET_URL;
  if (!url) throw new Error('TARGET_URL is not set (the base URL of the target, e.g. http://127.0.0.1:3000)');
  return url.replace(/\/$/, '');
}

/** Every process of a distributed run waits for the same wall-clock instant, so segments burst together. */
export function waitForStart(fixtures: K6Fixtures): void {
  const startAt = Number(__ENV.START_AT_MS ?? fixtures.startAtMs ?? 0);
  const wait = startAt - Date.now();
  if (wait > 0) sleep(Math.min(wait, 60_000) / 1000);
}

export interface Sent { op: string; business: K6Business }

/** Per-request extras: a client's own patience, and tags of the load script. */
export interface RequestExtras { timeoutMs?: number; tags?: Record<string, string> }

/** Every instance the harness started (TARGET_URLS, comma-separated), else TARGET_URL alone. */
export function targetUrls(): string[] {
  const list = (__ENV.TARGET_URLS ?? '').split(',').map((u) => u.trim().replace(/\/$/, '')).filter(Boolean);
  return list.length > 0 ? list : [targetUrl()];
}

export function onboardingRequest(base: string, fixtures: K6Fixtures, business: K6Business, key: string | null, client: string, burst: number | null, op: string, extras: RequestExtras = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${business.ownerToken}`, 'Content-Type': 'application/json' };
  if (key) headers['Idempotency-Key'] = key;
  return {
    method: 'POST' as const,
    url: `${base}/api/businesses/${encodeURIComponent(business.id)}/complete-onboarding`,
    body: JSON.stringify({ areaCode: fixtures.areaCode }),
    params: {
      headers,
      timeout: extras.timeoutMs === undefined ? '30s' : `${extras.timeoutMs}ms`,
      // Business and key vary per request: the URL tag would otherwise make one series per business.
      tags: { name: 'complete-onboarding', business: business.id, key: key ?? '', client, burst: burst === null ? '' : String(burst), op, ...extras.tags },
    },
  };
}

/** Records one answer: its compact body as an `exactly_one_responses` sample, and the contract check. */
export function recordAnswer(res: RefinedResponse<ResponseType | undefined>, sent: Sent, numbers: Set<string>): void {
  let body: unknown = null;
  try {
    body = res.status === 0 ? null : res.json();
  } catch {
    body = null;
  }
  const b = (body ?? {}) as Record<string, unknown>;
  const phone = typeof b.phoneNumber === 'string' ? b.phoneNumber : '';
  if (res.status >= 200 && res.status < 300 && phone) numbers.add(phone);
  responses.add(1, {
    op: sent.op,
    business: sent.business.id,
    status: String(res.status),
    success: b.success === undefined ? '' : String(b.success),
    phone,
    code: typeof b.code === 'string' ? b.code : '',
    already: b.alreadyComplete === undefined ? '' : String(b.alreadyComplete),
    retry_after_ms: typeof b.retryAfterMs === 'number' ? String(b.retryAfterMs) : '',
    message: typeof b.message === 'string' ? b.message.slice(0, 200) : '',
    arrival_ns: res.headers['X-Arrival-Ns'] ?? '',
  });
  // A request k6 could not complete (status 0) is an unknown outcome, not a wrong answer.
  const ok = check(res, { [CHECK_ALLOWED]: (r) => r.status === 0 || isAllowedAnswer(r.status, body) }, { business: sent.business.id });
  if (!ok) unexpected.add(1, { business: sent.business.id, status: String(res.status) });
}

/** Runs the plan's actions for one business (one k6 iteration). */
export async function runBusiness(plan: ScenarioPlan, fixtures: K6Fixtures, index: number): Promise<void> {
  const business = fixtures.businesses[index];
  if (!business) return;
  const base = targetUrl();
  const numbers = new Set<string>();
  const iteration = exec.scenario.iterationInTest;
  let n = 0;
  const opId = () => `${exec.scenario.name}:${iteration}:${n++}`;
  const fired: Promise<void>[] = [];
  for (const action of actionsFor(plan, index)) {
    if (action.do === 'burst') {
      const sent = action.requests.map((r) => ({ op: opId(), business, r }));
      // http.batch sends in parallel from one VU: k6's only way to make simultaneous requests.
      const answers = http.batch(sent.map((s) => onboardingRequest(base, fixtures, business, resolveKey(s.r.key, business.id), s.r.client, action.burst, s.op)));
      answers.forEach((res, i) => recordAnswer(res, sent[i]!, numbers));
    } else if (action.do === 'fire') {
      const sent = { op: opId(), business };
      const req = onboardingRequest(base, fixtures, business, resolveKey(action.request.key, business.id), action.request.client, null, sent.op);
      fired.push(http.asyncRequest(req.method, req.url, req.body, req.params).then((res) => recordAnswer(res, sent, numbers)));
    } else if (action.do === 'wait') {
      sleep(action.ms / 1000);
    } else {
      await Promise.all(fired.splice(0));
    }
  }
  await Promise.all(fired);
  checkOneNumber(numbers, business);
}

/** Every 200 a business got names the same number. */
export function checkOneNumber(numbers: ReadonlySet<string>, business: K6Business): void {
  const agreed = check(numbers, { [CHECK_ONE_NUMBER]: (set) => set.size <= 1 }, { business: business.id });
  if (!agreed) unexpected.add(1, { business: business.id, status: '200' });
}

/** One iteration per business, spread over the VUs and, in a distributed run, over the segments. */
export function perBusinessScenario(businesses: number, maxVus = businesses) {
  return {
    executor: 'shared-iterations' as const,
    vus: Math.max(1, Math.min(businesses, maxVus)),
    iterations: businesses,
    maxDuration: '10m',
  };
}
