// Property-based HTTP fuzzing of the served fake's whole request surface (issue 15, "make the
// class impossible"): random methods, targets with raw and broken percent-escapes, headers, bodies,
// content types and sizes, written byte for byte. Whatever arrives: never a 5xx, never a dropped
// connection, an error is always the envelope { code, message, more_info, status }, the server
// still answers afterwards, and a rejected request leaves the ledger as it was (except the one
// uncommitted attempt a refused purchase records). Seeded and bounded in runs and time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFakeTwilioServer, type FakeTwilioServer, type Ledger } from '../fake-twilio/index.ts';
import { rawExchange } from './support/fake-twilio-raw-http.ts';
import { fakeTwilioRequest, type FuzzTarget } from './support/fake-twilio-fuzz-requests.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 15_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
/** fast-check stops starting runs (and shrinking) after this; the test then fails if too few ran. */
const TIME_LIMIT_MS = 20_000;

let server: FakeTwilioServer;
let target: FuzzTarget;

beforeAll(async () => {
  server = await createFakeTwilioServer({ latency: 'off', seed: 15 });
  const auth = `Basic ${Buffer.from(`${server.accountSid}:${server.authToken}`).toString('base64')}`;
  target = { port: server.port, accountSid: server.accountSid, auth };
});
afterAll(() => server.close());

/** The one change a rejected request may make: its own purchase attempt, uncommitted, answered with an error. */
function onlyItsOwnFailedAttempt(before: Ledger, after: Ledger): boolean {
  if (after.releases.length !== before.releases.length || after.purchases.length !== before.purchases.length + 1) return false;
  const added = after.purchases.at(-1)!;
  return !added.committed && added.response === 'error' && JSON.stringify(after.purchases.slice(0, -1)) === JSON.stringify(before.purchases);
}

describe('fake Twilio under HTTP fuzzing (served adapter)', () => {
  it('never a 5xx, never a drop, always the error envelope, ledger untouched by rejections', async () => {
    let ran = 0;
    const property = fc.asyncProperty(fakeTwilioRequest(target), async (request) => {
      ran++;
      const before = server.core.ledger.snapshot();
      const answer = await rawExchange(server.port, request);
      const context = `${request.method} ${request.target.slice(0, 200)} → ${answer.status} ${answer.body.slice(0, 300)}`;
      expect(answer.status, context).toBeLessThan(500);
      if (answer.status >= 400) {
        if (request.method !== 'HEAD') {
          expect(answer.headers['content-type'], context).toMatch(/^application\/json/);
          const body = JSON.parse(answer.body) as Record<string, unknown>;
          expect(Object.keys(body).sort(), context).toEqual(['code', 'message', 'more_info', 'status']);
          expect(body, context).toMatchObject({ code: expect.any(Number), message: expect.any(String), more_info: expect.any(String), status: answer.status });
        }
        const after = server.core.ledger.snapshot();
        const unchanged = JSON.stringify(after) === JSON.stringify(before);
        const purchaseAttempt = request.method === 'POST' && /\/IncomingPhoneNumbers\.json$/.test(request.target.split('?')[0]!);
        expect(unchanged || (purchaseAttempt && onlyItsOwnFailedAttempt(before, after)), `a rejected request changed the ledger: ${context}`).toBe(true);
      }
      // Still answering, over a clean connection.
      const alive = await rawExchange(server.port, { method: 'GET', target: '/__admin/state', headers: [['host', `127.0.0.1:${server.port}`]], body: Buffer.alloc(0) });
      expect(alive.status, `the fake stopped answering after: ${context}`).toBe(200);
    });

    const details = await fc.check(property, { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false });
    if (details.failed) {
      const [request] = (details.counterexample ?? []) as [{ method: string; target: string; headers: unknown; body: Buffer }?];
      const shown = request ? { ...request, body: request.body.toString('latin1').slice(0, 500) } : null;
      throw new Error(`fuzzing failed (seed ${SEED}, path ${details.counterexamplePath}); request: ${JSON.stringify(shown)}\n${String(details.errorInstance)}`);
    }
    // A fuzzer that ran only a handful of cases proves little: the time limit must not have eaten the runs.
    expect(ran).toBeGreaterThanOrEqual(Math.min(RUNS, 200));
  });
});
