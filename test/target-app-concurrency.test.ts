// target-app/README.md's strategy table, measured: 10 simultaneous requests for one business, 20 times, per
// strategy, against the fake Twilio's realistic purchase latency. The counts of committed
// purchases per repetition are printed so the closing note can quote them.
import { afterAll, describe, expect, it } from 'vitest';
import { startTargetAppStack, type SeededBusiness, type TargetAppStack } from './support/target-app-stack.ts';

const REPETITIONS = 20;
const BURST = 10;
const measured: Record<string, number[]> = {};

type Keying = 'none' | 'distinct' | 'shared';

async function burst(stack: TargetAppStack, business: SeededBusiness, keying: Keying) {
  return Promise.all(
    Array.from({ length: BURST }, (_, i) =>
      stack.onboard(business, keying === 'none' ? {} : { key: keying === 'shared' ? `shared-${business.id}` : `onboarding-${business.id}-${i}` }),
    ),
  );
}

async function repeatBursts(strategy: string, keying: Keying) {
  await using stack = await startTargetAppStack({ strategy });
  const businesses = await stack.seed(REPETITIONS);
  const purchases: number[] = [];
  const responses = [];
  for (const business of businesses) {
    const answers = await burst(stack, business, keying);
    responses.push({ business, answers });
    purchases.push(await stack.committedPurchases(business.id));
  }
  measured[`${strategy}${keying === 'none' ? '' : ` (${keying} keys)`}`] = purchases;
  const recorded = await Promise.all(businesses.map((b) => stack.recordedNumber(b.id)));
  return { purchases, responses, recorded };
}

const expectNoServerErrors = (responses: { answers: { status: number }[] }[]) =>
  expect(responses.flatMap((r) => r.answers.map((a) => a.status)).filter((s) => s >= 500)).toEqual([]);

describe('10 simultaneous requests per business, 20 repetitions', () => {
  afterAll(() => {
    for (const [name, counts] of Object.entries(measured)) {
      console.log(`[purchases] ${name}: total ${counts.reduce((a, b) => a + b, 0)} over ${counts.length} repetitions; >1 in ${counts.filter((c) => c > 1).length}; per repetition ${counts.join(',')}`);
    }
  });

  it('naive buys more than one number in most repetitions (the incident)', async () => {
    const { purchases, responses } = await repeatBursts('naive', 'none');
    expect(purchases.filter((count) => count > 1).length).toBeGreaterThan(REPETITIONS / 2);
    expectNoServerErrors(responses);
  });

  for (const strategy of ['row-lock', 'idempotent', 'rate-limit']) {
    it(`${strategy} buys exactly one number every time`, async () => {
      const { purchases, responses, recorded } = await repeatBursts(strategy, 'none');
      expect(purchases).toEqual(Array(REPETITIONS).fill(1));
      expectNoServerErrors(responses);
      responses.forEach(({ answers }, i) => {
        const numbers = new Set(answers.filter((a) => a.status === 200).map((a) => a.body.phoneNumber));
        expect([...numbers]).toEqual([recorded[i]]);
        const allowed = strategy === 'rate-limit' ? [200, 429] : strategy === 'idempotent' ? [200, 409] : [200];
        for (const a of answers) expect(allowed).toContain(a.status);
        for (const a of answers.filter((a) => a.status === 429)) {
          expect(a.body).toMatchObject({ success: false, code: 'RATE_LIMITED' });
          expect(a.headers.get('retry-after')).toMatch(/^\d+$/);
        }
        for (const a of answers.filter((a) => a.status === 409)) expect(a.body).toMatchObject({ code: 'ONBOARDING_IN_PROGRESS' });
      });
    });
  }

  it('memory-dedupe with a new key per request behaves as naive', async () => {
    const { purchases } = await repeatBursts('memory-dedupe', 'distinct');
    expect(purchases.filter((count) => count > 1).length).toBeGreaterThan(REPETITIONS / 2);
  });

  it('memory-dedupe with one shared key answers "already processed" without a number', async () => {
    const { purchases, responses } = await repeatBursts('memory-dedupe', 'shared');
    expect(purchases).toEqual(Array(REPETITIONS).fill(1));
    for (const { answers } of responses) {
      const processed = answers.filter((a) => a.body.message === 'Request already processed');
      expect(processed).toHaveLength(BURST - 1);
      for (const a of processed) expect(a.body).toEqual({ success: true, message: 'Request already processed' });
    }
  });
});
