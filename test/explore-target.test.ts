// The scheduler core driving the real target-app (issue 11, not yet the `interleavings` scenario):
// K = 2 onboarding requests of one fresh business per schedule, arrivals held, SQL held at the
// PostgreSQL proxy, Twilio calls held at the fake. `naive` is caught with one preemption and its
// schedule replays; `idempotent` is not caught within the same budget.
import { afterEach, describe, expect, it } from 'vitest';
import { InterleavingScheduler, startPgProxy, TargetSystem, type StartedPgProxy } from '../harness/explore/index.ts';
import { startTargetAppStack, type SeededBusiness, type TargetAppStack } from './support/target-app-stack.ts';

let stack: TargetAppStack | undefined;
let proxy: StartedPgProxy | undefined;
afterEach(async () => {
  await stack?.[Symbol.asyncDispose]();
  await proxy?.[Symbol.asyncDispose]();
  stack = proxy = undefined;
});

async function explorer(strategy: string) {
  stack = await startTargetAppStack({ strategy, latency: 'off', env: { TWILIO_TIMEOUT_MS: '30000' } });
  proxy = await startPgProxy({ upstream: stack.database.url });
  stack.env.DATABASE_URL = proxy.url;
  await stack.restart();
  const s = stack;
  let business: SeededBusiness | undefined;
  const onboarding = (b: SeededBusiness) => ({ url: `${s.url}/api/businesses/${b.id}/complete-onboarding`, method: 'POST', headers: { authorization: `Bearer ${b.ownerToken}`, 'content-type': 'application/json' } });
  const system = new TargetSystem({
    proxy: proxy.control,
    twilio: s.admin,
    prepare: async () => {
      [business] = await s.seed(1);
      return [onboarding(business!), onboarding(business!)];
    },
    judge: async () => ((await s.committedPurchases(business!.id)) > 1 ? ['EXACTLY_ONE_PURCHASE'] : []),
  });
  // Small budget: bound 1, no drops, no release-together (the naive race needs neither).
  return () => new InterleavingScheduler(system, { lanes: 2, bound: 1, faults: 0, maxTogether: 1, maxSchedules: 12, maxMs: 90_000 });
}

describe('exploring the real target-app', () => {
  it('naive: the duplicate purchase is found with one preemption, and its schedule replays', async () => {
    const scheduler = await explorer('naive');
    const result = await scheduler().explore();
    expect(result.perBound[0]).toBe(2); // the two sequential orders pass
    expect(result.firstFailing).toMatchObject({ preemptions: 1, violations: ['EXACTLY_ONE_PURCHASE'], outcome: 'complete' });
    const kinds = result.firstFailing!.steps.map((s) => s.kind);
    expect(kinds.filter((k) => k === 'arrival')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'twilio').length).toBeGreaterThanOrEqual(2);
    const replayed = await scheduler().replay(result.firstFailing!.id);
    expect(replayed).toMatchObject({ divergence: null, violations: ['EXACTLY_ONE_PURCHASE'] });
  });

  it('idempotent: no schedule within the same budget buys twice', async () => {
    const result = await (await explorer('idempotent'))().explore();
    expect(result.firstFailing).toBeNull();
    expect(result.schedules).toBeGreaterThan(2);
    expect(result.stalled).toBe(0);
  });
});
