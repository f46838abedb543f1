// The explorer's two new held boundaries against the real target-app (issue 11), with one schedule
// written by hand: request A arrives and runs until its purchase is held at the fake; only then
// does request B arrive. `naive` (check, then buy) lets B reach a purchase of its own while A's is
// still held before its commit — the duplicate, found by the order of steps instead of timing
// luck; `idempotent` never lets B buy. A dropped response (bought, answer lost) is the other fault.
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeTwilioAdmin, HeldTwilioCall } from '../fake-twilio/index.ts';
import { holdArrival, type HeldArrival } from '../harness/explore/index.ts';
import { startTargetAppStack, type SeededBusiness, type TargetAppStack } from './support/target-app-stack.ts';

let stack: TargetAppStack | undefined;
afterEach(async () => {
  await stack?.[Symbol.asyncDispose]();
  stack = undefined;
});

const arrive = (s: TargetAppStack, b: SeededBusiness): Promise<HeldArrival> =>
  holdArrival({ url: `${s.url}/api/businesses/${b.id}/complete-onboarding`, method: 'POST', headers: { authorization: `Bearer ${b.ownerToken}`, 'content-type': 'application/json' } });

/**
 * Lets the one running request go on through its Twilio calls until it is held at a purchase
 * (returned), or until `stop` settles first (null). Only one request runs at a time here, so every
 * hold that appears is that request's.
 */
async function runUntilPurchase(admin: FakeTwilioAdmin, seen: Set<number>, stop: Promise<unknown>, timeoutMs = 20_000): Promise<HeldTwilioCall | null> {
  let stopped = false;
  void stop.finally(() => (stopped = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const held = (await admin.holds()).held.find((h) => !seen.has(h.id));
    if (held) {
      seen.add(held.id);
      if (held.operation === 'purchase' && held.phase === 'call') return held;
      await admin.releaseHolds(held.id);
      continue;
    }
    if (stopped) return null;
    await Promise.race([admin.holdEvents((await admin.holdEvents(0, 0)).last, 200), stop]);
  }
  throw new Error(`no purchase held and the request did not finish within ${timeoutMs} ms`);
}

async function scheduleByHand(strategy: string) {
  stack = await startTargetAppStack({ strategy, latency: 'off', env: { TWILIO_TIMEOUT_MS: '30000' } });
  const [business] = await stack.seed(1);
  await stack.admin.setHolds(true);
  const seen = new Set<number>();
  const a = await arrive(stack, business!);
  const b = await arrive(stack, business!);
  expect([a.state, b.state]).toEqual(['held', 'held']);
  a.release();
  const aPurchase = await runUntilPurchase(stack.admin, seen, a.response);
  expect(aPurchase).not.toBeNull();
  b.release();
  // B runs while A's purchase is still held before its commit. It either reaches a purchase of its
  // own, finishes, or waits on A (then nothing new is held for a while: a bounded wait, not a verdict).
  const bPurchase = await runUntilPurchase(stack.admin, seen, Promise.race([b.response, new Promise((r) => setTimeout(r, 3_000))]));
  await stack.admin.setHolds(false); // everything held goes on
  const answers = await Promise.all([a.response, b.response]);
  return { bPurchase, answers, purchases: await stack.committedPurchases(business!.id) };
}

describe('held arrivals and held Twilio calls, one schedule by hand', () => {
  it('naive: B reaches its own purchase while A\'s is held before the commit, so two numbers are bought', async () => {
    const r = await scheduleByHand('naive');
    expect(r.bPurchase).toMatchObject({ operation: 'purchase', phase: 'call' });
    expect(r.purchases).toBe(2);
  });

  it('idempotent: the same schedule buys one number', async () => {
    const r = await scheduleByHand('idempotent');
    expect(r.bPurchase).toBeNull();
    expect(r.purchases).toBe(1);
    expect(r.answers.every((x) => x.status < 500)).toBe(true);
  });

  it('a dropped purchase response: the number is bought, the app sees a lost answer', async () => {
    stack = await startTargetAppStack({ strategy: 'naive', latency: 'off', env: { TWILIO_TIMEOUT_MS: '30000' } });
    const [business] = await stack.seed(1);
    await stack.admin.setHolds(true);
    const a = await arrive(stack, business!);
    a.release();
    const call = await runUntilPurchase(stack.admin, new Set(), a.response);
    await stack.admin.releaseHolds(call!.id);
    const response = await stack.admin.waitForHold((h) => h.phase === 'response', 20_000);
    await stack.admin.dropHolds(response.id);
    await stack.admin.setHolds(false);
    const answer = await a.response;
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(await stack.committedPurchases(business!.id)).toBe(1);
    expect(await stack.recordedNumber(business!.id)).toBeNull();
  });
});
