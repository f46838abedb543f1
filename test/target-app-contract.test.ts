// The HTTP contract of DESIGN §4.2 against the app as a child process, real PostgreSQL and
// the served fake Twilio.
import { describe, expect, it } from 'vitest';
import { startTargetAppStack } from './support/target-app-stack.ts';

describe('target-app HTTP contract', () => {
  it('onboards a business once and answers alreadyComplete afterwards, X-Arrival-Ns on every response', async () => {
    await using stack = await startTargetAppStack({ latency: 'off' });
    const [business] = await stack.seed(1);
    const first = await stack.onboard(business!);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ success: true, alreadyComplete: false });
    expect(first.body.phoneNumber).toMatch(/^\+1828\d{7}$/);
    expect(first.headers.get('x-arrival-ns')).toMatch(/^\d+$/);
    const second = await stack.onboard(business!);
    expect(second.body).toEqual({ success: true, phoneNumber: first.body.phoneNumber, alreadyComplete: true });
    expect(await stack.committedPurchases(business!.id)).toBe(1);
    const view = await fetch(`${stack.url}/api/businesses/${business!.id}`, { headers: { authorization: `Bearer ${business!.ownerToken}` } });
    expect(await view.json()).toEqual({ id: business!.id, name: business!.name, phoneNumber: first.body.phoneNumber, onboardingStatus: 'complete' });
    const health = await fetch(`${stack.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-arrival-ns')).toMatch(/^\d+$/);
  });
});
