// The idempotent strategy's recovery windows, each hit on purpose with the fake's faults and
// ledger events (never by sleeping), each ending with exactly one committed purchase and the
// database agreeing with Twilio. And the RCA's row-lock, shown leaving an orphan.
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startTargetAppStack, type SeededBusiness, type TargetAppStack } from './support/target-app-stack.ts';

/** Retries as the fixed page does: same key, honouring retryAfterMs, a bounded number of times. */
async function onboardUntilSettled(stack: TargetAppStack, business: SeededBusiness, key: string) {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    const answer = await stack.onboard(business, { key });
    statuses.push(answer.status);
    if (answer.status === 200) return { ...answer, statuses };
    expect([409, 503]).toContain(answer.status);
    await delay(Math.min(Number(answer.body.retryAfterMs ?? 250), 15_000));
  }
  throw new Error(`not onboarded after ${statuses.join(', ')}`);
}

async function expectExactlyOnePurchaseMatchingDatabase(stack: TargetAppStack, business: SeededBusiness) {
  expect(await stack.committedPurchases(business.id)).toBe(1);
  const active = await stack.activeNumbers(business.id);
  expect(active).toHaveLength(1);
  expect(await stack.recordedNumber(business.id)).toBe(active[0]);
}

const purchaseFor = (business: SeededBusiness) => `business:${business.id}`;

describe('idempotent recovery', () => {
  it('recovers a purchase whose response was dropped, and a retry gets the same number', async () => {
    await using stack = await startTargetAppStack();
    const [business] = await stack.seed(1);
    await stack.admin.setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-drop', times: 1 }] });
    const first = await stack.onboard(business!, { key: 'k1' });
    const retry = await onboardUntilSettled(stack, business!, 'k1');
    const { purchases } = await stack.admin.ledger();
    expect(purchases.find((p) => p.friendlyName === purchaseFor(business!))).toMatchObject({ committed: true, response: 'dropped' });
    expect(first.status).toBe(200); // recovered within the request: the lookup after an ambiguous failure found it
    expect(retry.body.phoneNumber).toBe(await stack.recordedNumber(business!.id));
    await expectExactlyOnePurchaseMatchingDatabase(stack, business!);
  });

  it('recovers after the app is SIGKILLed while its purchase response is paused, retried after the lease', async () => {
    await using stack = await startTargetAppStack({ env: { TWILIO_TIMEOUT_MS: '20000', CLAIM_LEASE_MS: '1500' } });
    const [business] = await stack.seed(1);
    await stack.admin.setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-pause', times: 1 }] });
    const first = stack.onboard(business!, { key: 'k1' }).catch((error: Error) => error);
    await stack.admin.waitFor((e) => e.type === 'purchase.paused', 30_000);
    await stack.app.kill('SIGKILL');
    expect(await first).toBeInstanceOf(Error);
    await stack.restart();
    const retry = await onboardUntilSettled(stack, business!, 'k1');
    await stack.admin.releasePaused();
    expect(retry.body.phoneNumber).toBe(await stack.recordedNumber(business!.id));
    await expectExactlyOnePurchaseMatchingDatabase(stack, business!);
  });

  it("survives all of the app's database sessions being terminated while its purchase response is paused", async () => {
    await using stack = await startTargetAppStack({ env: { TWILIO_TIMEOUT_MS: '20000' } });
    const [business] = await stack.seed(1);
    await stack.admin.setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-pause', times: 1 }] });
    const first = stack.onboard(business!);
    await stack.admin.waitFor((e) => e.type === 'purchase.paused', 30_000);
    const { rows } = await stack.pool.query(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'exactly-one-target-app'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    await stack.admin.releasePaused();
    const answer = await first;
    expect(answer.status).toBe(200);
    expect(stack.app.isRunning()).toBe(true);
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
    expect(answer.body.phoneNumber).toBe(await stack.recordedNumber(business!.id));
    await expectExactlyOnePurchaseMatchingDatabase(stack, business!);
  });

  it('answers 503 TWILIO_UNAVAILABLE on a Twilio 503 and leaves the business retryable at once', async () => {
    await using stack = await startTargetAppStack();
    const [business] = await stack.seed(1);
    await stack.admin.setFaults({ rules: [{ operation: 'purchase', kind: 'error', status: 503, times: 1 }] });
    const first = await stack.onboard(business!, { key: 'k1' });
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ success: false, code: 'TWILIO_UNAVAILABLE', retryable: true });
    const view = await fetch(`${stack.url}/api/businesses/${business!.id}`, { headers: { authorization: `Bearer ${business!.ownerToken}` } });
    expect(((await view.json()) as { onboardingStatus: string }).onboardingStatus).toBe('failed');
    const retry = await stack.onboard(business!, { key: 'k1' });
    expect(retry.status).toBe(200);
    await expectExactlyOnePurchaseMatchingDatabase(stack, business!);
  });

  it('keeps one purchase when a purchase hangs past the client timeout and a retry arrives after the lease', async () => {
    await using stack = await startTargetAppStack({ env: { TWILIO_TIMEOUT_MS: '4000', CLAIM_LEASE_MS: '1000' } });
    const [business] = await stack.seed(1);
    await stack.admin.setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-hang', hangMs: 30_000, times: 1 }] });
    const first = stack.onboard(business!);
    const committed = await stack.admin.waitFor((e) => e.type === 'purchase.committed', 30_000);
    // The retry claims once the 1 s lease is over, while the first attempt still waits on Twilio.
    const retry = await onboardUntilSettled(stack, business!, 'retry');
    const stale = await first;
    expect(retry.body.phoneNumber).toBe(committed.purchase!.phoneNumber);
    expect(stale.status).toBe(200);
    expect(stale.body.phoneNumber).toBe(committed.purchase!.phoneNumber);
    const { purchases } = await stack.admin.ledger();
    expect(purchases.find((p) => p.committed)?.fault).toContain('commit-then-hang');
    await expectExactlyOnePurchaseMatchingDatabase(stack, business!);
  });
});

describe('row-lock (the RCA fix) under a lost purchase response', () => {
  it('leaves an orphan: the ROLLBACK forgets a number Twilio sold, and the retry buys another', async () => {
    await using stack = await startTargetAppStack({ strategy: 'row-lock' });
    const [business] = await stack.seed(1);
    await stack.admin.setFaults({ rules: [{ operation: 'purchase', kind: 'commit-then-drop', times: 1 }] });
    const first = await stack.onboard(business!);
    expect(first.status).toBe(503);
    expect(first.body.code).toBe('TWILIO_UNAVAILABLE');
    const retry = await stack.onboard(business!);
    expect(retry.status).toBe(200);
    expect(await stack.committedPurchases(business!.id)).toBe(2);
    const active = await stack.activeNumbers(business!.id);
    const recorded = await stack.recordedNumber(business!.id);
    const orphans = active.filter((n) => n !== recorded);
    expect(orphans).toHaveLength(1);
  });
});

describe('idempotent fencing', () => {
  it('a stale attempt that outlived its lease cannot overwrite the newer one; its number is released and recorded', async () => {
    // The lease runs out while the first purchase is still in flight (ended explicitly, not
    // raced against a 300 ms lease): a second attempt starts, both buy, the fence decides, the
    // loser releases. The fake holds the first purchase 4 s before its commit; the second one,
    // with latency off, commits long before, and the ledger shows that order.
    await using stack = await startTargetAppStack({ latency: 'off', env: { TWILIO_TIMEOUT_MS: '20000', CLAIM_LEASE_MS: '600000' } });
    const [business] = await stack.seed(1);
    await stack.admin.setFaults({ rules: [{ operation: 'purchase', kind: 'latency', latencyMs: 4_000, times: 1 }] });
    const stale = stack.onboard(business!);
    await stack.admin.waitFor((e) => e.type === 'purchase.received', 30_000);
    const ended = await stack.pool.query('UPDATE businesses SET lease_expires_at = clock_timestamp() WHERE id = $1 AND lease_expires_at IS NOT NULL', [business!.id]);
    expect(ended.rowCount).toBe(1);
    const newer = await stack.onboard(business!, { key: 'newer' });
    expect(newer.status).toBe(200);
    expect(newer.body.alreadyComplete).toBe(false);
    const staleAnswer = await stale;
    expect(staleAnswer.status).toBe(200);
    expect(staleAnswer.body).toEqual({ success: true, phoneNumber: newer.body.phoneNumber, alreadyComplete: true });
    const committed = (await stack.admin.ledger()).purchases.filter((p) => p.committed && p.friendlyName === purchaseFor(business!));
    const [held, quick] = [...committed].sort((a, b) => a.seq - b.seq);
    expect(held!.fault).toContain('latency');
    expect(quick!.fault).toBeNull();
    expect(BigInt(quick!.committedAtNs!) < BigInt(held!.committedAtNs!), 'the newer purchase committed first').toBe(true);
    expect(await stack.recordedNumber(business!.id)).toBe(newer.body.phoneNumber);
    expect(await stack.committedPurchases(business!.id)).toBe(2);
    expect(await stack.activeNumbers(business!.id)).toEqual([newer.body.phoneNumber]);
    const { rows } = await stack.pool.query('SELECT phone_number, kept_phone_number FROM released_duplicates WHERE business_id = $1', [business!.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].kept_phone_number).toBe(newer.body.phoneNumber);
    expect(rows[0].phone_number).not.toBe(newer.body.phoneNumber);
  });
});
