// Property-based HTTP fuzzing of the target app's whole request surface, against the real app
// process on real PostgreSQL with the served fake Twilio: whatever arrives, the app never
// answers 500, never crashes or hangs, answers every error with the contract's envelope and a
// known code, and a rejected request changes nothing at Twilio. Seeded (FUZZ_SEED to replay),
// bounded in runs (FUZZ_RUNS) and time; a failure prints the seed and the request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exchangeRaw } from './support/target-app-raw-http.ts';
import { fuzzRequestArbitrary, renderFuzzRequest, type FuzzRequest } from './support/target-app-fuzz-requests.ts';
import { startTargetAppStack } from './support/target-app-stack.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** fast-check stops starting runs (and shrinking) after this; the test then fails if too few ran. */
const TIME_LIMIT_MS = 30_000;

/** The codes of docs/target-contract.md, plus the app's own documented additions. */
const CONTRACT_CODES = new Set([
  'INVALID_BUSINESS_ID', 'INVALID_AREA_CODE', 'INVALID_IDEMPOTENCY_KEY', 'UNAUTHENTICATED', 'FORBIDDEN', 'BUSINESS_NOT_FOUND',
  'IDEMPOTENCY_KEY_REUSED', 'ONBOARDING_IN_PROGRESS', 'RATE_LIMITED', 'TWILIO_UNAVAILABLE', 'DATABASE_UNAVAILABLE',
  // target-app/README.md: a body that is not the JSON asked for, a route that does not exist, a
  // request HTTP itself cannot parse, headers over Node's limit.
  'INVALID_REQUEST_BODY', 'NOT_FOUND', 'MALFORMED_REQUEST', 'REQUEST_HEADERS_TOO_LARGE',
]);

const describeRequest = (request: FuzzRequest) => JSON.stringify(renderFuzzRequest(request, 'target').toString('latin1').slice(0, 1500));

describe('target-app HTTP fuzzing', () => {
  it(`answers every request of ${RUNS} random ones with the contract (seed ${SEED})`, { timeout: 120_000 }, async () => {
    await using stack = await startTargetAppStack({ latency: 'off' });
    const businesses = [...(await stack.seed(2)), ...(await stack.seed(1))];
    const port = Number(new URL(stack.url).port);
    const targets = { businessIds: businesses.map((b) => b.id), tokens: businesses.map((b) => b.ownerToken) };
    let ran = 0;
    let lastState = await stack.admin.state();
    /** Bodies of 200 onboarding answers: the only requests allowed to have bought a number. */
    const answered = new Set<string>();

    const property = fc.asyncProperty(fuzzRequestArbitrary(targets), async (request) => {
      ran++;
      const before = lastState;
      const answer = await exchangeRaw(port, renderFuzzRequest(request, `127.0.0.1:${port}`), { head: request.method === 'HEAD' });
      const context = `${answer.status} ${answer.body.slice(0, 300)}`;
      expect(answer.status, context).toBeLessThan(500);
      expect(answer.headers['x-arrival-ns'], context).toMatch(/^\d+$/);
      if (answer.status >= 400) {
        if (request.method !== 'HEAD') {
          expect(answer.headers['content-type'], context).toMatch(/^application\/json/);
          const body = JSON.parse(answer.body) as Record<string, unknown>;
          expect(body, context).toMatchObject({ success: false, code: expect.any(String), message: expect.any(String) });
          expect(CONTRACT_CODES, context).toContain(body.code);
        }
      }
      // Read after every run, so the next run's "before" costs nothing.
      lastState = await stack.admin.state();
      if (answer.status >= 400) expect(lastState, `a rejected request changed the fake's ledger: ${context}`).toEqual(before);
      if (answer.status === 200 && request.method === 'POST' && /complete-onboarding/i.test(request.target)) answered.add(answer.body);
      expect(stack.app.isRunning(), 'the app exited').toBe(true);
      const health = await fetch(`${stack.url}/healthz`);
      expect(health.status, 'the app stopped answering /healthz').toBe(200);
    });

    const details = await fc.check(property, { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false });
    if (details.failed) {
      const request = details.counterexample?.[0] as FuzzRequest | undefined;
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`${fc.defaultReportMessage(details)}\nfailure: ${cause}\nraw request: ${request ? describeRequest(request) : '(none)'}\nreplay: FUZZ_SEED=${SEED}`);
    }
    console.log(`fuzz: ${details.numRuns} runs (${ran} with shrinking), seed ${SEED}${details.interrupted ? ', stopped by the time limit' : ''}`);
    // A refused request may still have run after its answer (the parser answers a broken body
    // while express already works on the head): every number sold must be one a 200 reported.
    const { last } = await stack.admin.waitForEvents(0, 0);
    await stack.admin.waitForEvents(last, 1_000); // returns at once if anything more happens
    const reported = [...answered].map((body) => (JSON.parse(body) as { phoneNumber?: string }).phoneNumber);
    const { purchases } = await stack.admin.ledger();
    for (const purchase of purchases) {
      expect(reported, `a purchase no 200 reported: ${JSON.stringify(purchase)}`).toContain(purchase.phoneNumber);
    }
    // A slow machine may stop early; fewer than a quarter of the runs would no longer be fuzzing.
    expect(details.numRuns).toBeGreaterThanOrEqual(Math.min(RUNS, 100));
    expect(stack.app.output()).not.toMatch(/internal error/);
  });
});
