// Which check answers first on the business API: the token (401), then the id, the body and the
// key (400), then the database (404, 403). An unauthenticated client learns nothing about ids or
// bodies, and a malformed percent-escape in the path is a contract 400, never a 500.
import { describe, expect, it } from 'vitest';
import { startTargetAppStack, type TargetAppStack } from './support/target-app-stack.ts';

async function answer(stack: TargetAppStack, method: string, path: string, init: { token?: string; body?: string } = {}) {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body,
  });
  const body = (await res.json()) as Record<string, unknown>;
  expect(body, `${method} ${path}`).toMatchObject({ success: false, code: expect.any(String), message: expect.any(String) });
  return `${res.status} ${body.code}`;
}

describe('target-app request checks order', () => {
  it('answers a malformed percent-escape in the business id with 400 INVALID_BUSINESS_ID after the token, never a 500', async () => {
    await using stack = await startTargetAppStack({ latency: 'off' });
    const [business] = await stack.seed(1);
    const token = business!.ownerToken;
    for (const id of ['%ZZ', '%', '%E0%A4%A', '%C0%AF', `${business!.id}%`]) {
      expect(await answer(stack, 'POST', `/api/businesses/${id}/complete-onboarding`, { token })).toBe('400 INVALID_BUSINESS_ID');
      expect(await answer(stack, 'GET', `/api/businesses/${id}`, { token })).toBe('400 INVALID_BUSINESS_ID');
      expect(await answer(stack, 'POST', `/api/businesses/${id}/complete-onboarding`)).toBe('401 UNAUTHENTICATED');
      expect(await answer(stack, 'GET', `/api/businesses/${id}`)).toBe('401 UNAUTHENTICATED');
    }
    // A well-formed escape still decodes: an escaped uuid is the business.
    const escaped = business!.id.replace(/-/g, '%2D');
    expect((await fetch(`${stack.url}/api/businesses/${escaped}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(stack.app.isRunning()).toBe(true);
    expect(stack.app.output()).not.toMatch(/internal error|URIError/);
    expect(await stack.committedPurchases(business!.id)).toBe(0);
  });

  it('checks the token before the body and the id: without a token every bad input is a 401', async () => {
    await using stack = await startTargetAppStack({ latency: 'off' });
    const [business] = await stack.seed(1);
    const path = `/api/businesses/${business!.id}/complete-onboarding`;
    expect(await answer(stack, 'POST', path, { body: '{"areaCode":' })).toBe('401 UNAUTHENTICATED');
    expect(await answer(stack, 'POST', path, { body: JSON.stringify({ pad: 'x'.repeat(100_000) }) })).toBe('401 UNAUTHENTICATED');
    expect(await answer(stack, 'POST', path, { body: JSON.stringify({ areaCode: '012' }) })).toBe('401 UNAUTHENTICATED');
    expect(await answer(stack, 'POST', '/api/businesses/42/complete-onboarding', { body: '{' })).toBe('401 UNAUTHENTICATED');
    expect(await answer(stack, 'POST', path, { token: 'nope', body: '{' })).toBe('401 UNAUTHENTICATED');
    // With a valid token: the id before the body, the body before the database.
    const token = business!.ownerToken;
    expect(await answer(stack, 'POST', '/api/businesses/42/complete-onboarding', { token, body: '{' })).toBe('400 INVALID_BUSINESS_ID');
    expect(await answer(stack, 'POST', `/api/businesses/${crypto.randomUUID()}/complete-onboarding`, { token, body: '{' })).toBe('400 INVALID_REQUEST_BODY');
    expect(await stack.committedPurchases(business!.id)).toBe(0);
  });
});
