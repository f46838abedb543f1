// sustained-load (docs/scenarios.md) in k6: open-model arrivals with k6's ramping-arrival-rate
// executor over the same stages as the harness's load driver, VUs = --max-in-flight (an arrival
// with no free VU is one of k6's dropped_iterations), and per arrival the plan the harness made
// with its own planner (fixtures `load.arrivals`): the first request and, for a seeded share, a
// double-click, a second tab or a retry after the client gave up. The harness's --threshold
// expressions arrive in the fixtures and become k6 thresholds (load-profile.ts).
import { sleep } from 'k6';
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { Counter, Rate } from 'k6/metrics';
import { resolveKey } from './business-actions.ts';
import type { K6Arrival, K6Business, K6Fixtures, K6LoadPlan } from './k6-fixtures.ts';
import { checkOneNumber, loadFixtures, onboardingRequest, recordAnswer, targetUrls, THRESHOLDS } from './k6-onboarding.ts';
import { ARRIVALS_METRIC, ERRORS_METRIC, k6Thresholds, rampingArrivalRate, SUMMARY_TREND_STATS } from './load-profile.ts';

// A long run plans many arrivals: SharedArray reads and parses the fixtures once, not once per VU
// (VUs = --max-in-flight), and hands each VU only the elements it reads.
const businesses = new SharedArray('exactly-one-businesses', () => loadFixtures().businesses);
const plannedArrivals = new SharedArray('exactly-one-arrivals', () => loadFixtures().load?.arrivals ?? []);
const fixtures = new SharedArray('exactly-one-profile', () => {
  const whole = loadFixtures();
  if (!whole.load) throw new Error(`${__ENV.FIXTURES}: no "load" section — write the fixtures with \`exactly-one run sustained-load --engine k6\``);
  return [{ ...whole, businesses: [], load: { ...whole.load, arrivals: [] } }];
})[0] as K6Fixtures & { load: K6LoadPlan };
const load = fixtures.load;

/** One sample per arrival that was started (first attempts sent); dropped ones are k6's dropped_iterations. */
const arrivals = new Counter(ARRIVALS_METRIC);
/** Per request: true for a non-2xx other than 409/429, or no answer — except the deliberate client timeout. */
const errors = new Rate(ERRORS_METRIC);

/** The retry client's first request, given up on purpose (the harness records it as this fault). */
export const CLIENT_TIMEOUT_FAULT = 'client-timeout';
/** k6's error code for a request that hit its timeout (lib/netext/httpext/error_codes.go). */
const K6_REQUEST_TIMEOUT = 1050;

// Every answer counts as an expected response, so `expected_response:true` means "answered" and
// the latency thresholds leave out only requests without an answer, as the harness does.
http.setResponseCallback(http.expectedStatuses({ min: 100, max: 599 }));

export const options = {
  scenarios: {
    // Up to a 30 s request timeout (plus a retry) may still be running when the last stage ends.
    'sustained-load': { ...rampingArrivalRate(load.stages, load.maxInFlight), gracefulStop: '45s' },
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
  // SEGMENTS: how many processes share the run (k6-operator's parallelism; the harness passes --k6-segments).
  thresholds: { ...THRESHOLDS, ...k6Thresholds(load.thresholds, load.stages, { abortOnFail: load.abortOnFail, segments: Number(__ENV.SEGMENTS ?? 1) }) },
};

type Answer = RefinedResponse<ResponseType | undefined>;

function isLoadError(res: Answer, deliberate: boolean): boolean {
  if (res.status === 0) return !(deliberate && res.error_code === K6_REQUEST_TIMEOUT);
  if (res.status >= 200 && res.status < 300) return false;
  return res.status !== 409 && res.status !== 429;
}

export default async function (): Promise<void> {
  const index = exec.scenario.iterationInTest;
  const business = businesses[index] as K6Business | undefined;
  const arrival = plannedArrivals[index] as K6Arrival | undefined;
  // Past the seeded schedule (a rounding of k6's own schedule): nothing to send.
  if (!business || !arrival) return;
  arrivals.add(1);
  const urls = targetUrls();
  const instance = index % urls.length;
  const numbers = new Set<string>();
  let n = 0;
  const send = (key: string | null, to: number, attempt: string, clientTimeoutMs?: number): Promise<Answer> => {
    const op = `sustained-load:${index}:${n++}`;
    const deliberate = clientTimeoutMs !== undefined;
    const req = onboardingRequest(urls[to]!, fixtures, business, resolveKey(key, business.id), 'load', null, op, {
      ...(deliberate ? { timeoutMs: clientTimeoutMs } : {}),
      tags: { instance: String(to), attempt, behaviour: arrival.client, fault: deliberate ? CLIENT_TIMEOUT_FAULT : '' },
    });
    return http.asyncRequest(req.method, req.url, req.body, req.params).then((res) => {
      recordAnswer(res, { op, business }, numbers);
      errors.add(isLoadError(res, deliberate), { op });
      return res;
    });
  };
  await sendArrival(arrival, instance, urls.length, send);
  checkOneNumber(numbers, business);
}

type Send = (key: string | null, to: number, attempt: string, clientTimeoutMs?: number) => Promise<Answer>;

async function sendArrival(arrival: K6Arrival, instance: number, instances: number, send: Send): Promise<void> {
  const duplicate = arrival.duplicate;
  if (duplicate === null) {
    await send(arrival.key, instance, 'first');
    return;
  }
  if (duplicate.kind === 'retry-after-timeout') {
    const first = await send(arrival.key, instance, 'first', duplicate.clientTimeoutMs ?? 500);
    // The person retries only when the client gave up; an answer (any status) ends the attempt.
    if (first.status !== 0 || first.error_code !== K6_REQUEST_TIMEOUT) return;
    sleep(duplicate.delayMs / 1000);
    await send(duplicate.key, instance, duplicate.kind);
    return;
  }
  const first = send(arrival.key, instance, 'first');
  sleep(duplicate.delayMs / 1000);
  // A second tab may be served by another instance behind a load balancer; a double-click is not.
  const other = duplicate.kind === 'second-tab' ? (instance + 1) % instances : instance;
  await Promise.all([first, send(duplicate.key, other, duplicate.kind)]);
}
