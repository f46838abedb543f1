// The HTTP contract of docs/target-contract.md against the app as a child process, real PostgreSQL and
// the served fake Twilio: answers, error codes, Idempotency-Key replay, tenancy, faults.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nodeEntry } from '../harness/processes/node-entry.ts';
import { startTargetAppStack, type TargetAppStack } from './support/target-app-stack.ts';

const post = (stack: TargetAppStack, path: string, init: { token?: string; body?: string; headers?: Record<string, string> } = {}) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
    body: init.body,
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers }));

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const { command, args } = nodeEntry('target-app/main');
  return new Promise((resolve) => {
    const child = execFile(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (_error, _stdout, stderr) =>
      resolve({ code: child.exitCode, stderr }),
    );
  });
}

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
    const { purchases } = await stack.admin.ledger();
    expect(purchases[0]).toMatchObject({
      friendlyName: `business:${business!.id}`,
      smsUrl: `https://app.example.test/api/twilio/sms/${business!.id}`,
      voiceUrl: `https://app.example.test/api/twilio/voice/${business!.id}`,
    });
    for (const path of ['/healthz', '/onboarding.html', '/no-such-route']) {
      const res = await fetch(`${stack.url}${path}`);
      expect(res.headers.get('x-arrival-ns'), path).toMatch(/^\d+$/);
      expect(res.status, path).toBe(path === '/no-such-route' ? 404 : 200);
    }
    expect((await stack.app.stop()).code).toBe(0); // SIGTERM: graceful close
  });

  it('answers 401, 400, 403 and 404 exactly as specified', async () => {
    await using stack = await startTargetAppStack({ latency: 'off' });
    const [mine, theirs] = await stack.seed(2);
    const path = `/api/businesses/${mine!.id}/complete-onboarding`;
    const code = async (p: string, init: Parameters<typeof post>[2]) => {
      const { status, body } = await post(stack, p, init);
      return `${status} ${body.code}`;
    };
    expect(await code(path, {})).toBe('401 UNAUTHENTICATED');
    expect(await code(path, { token: 'not-a-jwt' })).toBe('401 UNAUTHENTICATED');
    expect(await code(path, { token: theirs!.ownerToken })).toBe('403 FORBIDDEN');
    expect(await code(`/api/businesses/${crypto.randomUUID()}/complete-onboarding`, { token: mine!.ownerToken })).toBe('404 BUSINESS_NOT_FOUND');
    expect(await code('/api/businesses/12345678-1234-1234-1234-123456789012/complete-onboarding', { token: mine!.ownerToken })).toBe('404 BUSINESS_NOT_FOUND');
    expect(await code('/api/businesses/42/complete-onboarding', { token: mine!.ownerToken })).toBe('400 INVALID_BUSINESS_ID');
    expect(await code(`/api/businesses/${encodeURIComponent("1' OR '1'='1")}/complete-onboarding`, { token: mine!.ownerToken })).toBe('400 INVALID_BUSINESS_ID');
    expect(await code(path, { token: mine!.ownerToken, body: JSON.stringify({ areaCode: "828'; DROP TABLE businesses; --" }) })).toBe('400 INVALID_AREA_CODE');
    expect(await code(path, { token: mine!.ownerToken, body: '{"areaCode":' })).toBe('400 INVALID_REQUEST_BODY');
    expect(await code(path, { token: mine!.ownerToken, body: JSON.stringify({ areaCode: '828', pad: 'x'.repeat(100_000) }) })).toBe('400 INVALID_REQUEST_BODY');
    expect(await code(path, { token: mine!.ownerToken, headers: { 'idempotency-key': 'x'.repeat(256) } })).toBe('400 INVALID_IDEMPOTENCY_KEY');
    const foreignRead = await fetch(`${stack.url}/api/businesses/${mine!.id}`, { headers: { authorization: `Bearer ${theirs!.ownerToken}` } });
    expect(foreignRead.status).toBe(403);
    expect(await stack.committedPurchases(mine!.id)).toBe(0);
    expect((await stack.pool.query('SELECT count(*)::int AS n FROM businesses')).rows[0].n).toBe(2);
  });

  it('replays 200 for the same key and request, answers 422 for another business or body', async () => {
    await using stack = await startTargetAppStack({ latency: 'off' });
    const [business, sibling, unstocked] = await stack.seed(3);

    // Twilio's "no numbers in this area code" is a final 400: replayed for the same key.
    const noStock = await stack.onboard(unstocked!, { key: 'area', body: { areaCode: '533' } });
    expect(noStock.status).toBe(400);
    expect(noStock.body.code).toBe('INVALID_AREA_CODE');
    const replayed400 = await stack.onboard(unstocked!, { key: 'area', body: { areaCode: '533' } });
    expect(replayed400.body).toEqual(noStock.body);
    expect(replayed400.headers.get('idempotent-replayed')).toBe('true');
    expect((await stack.onboard(unstocked!, { key: 'area-2', body: { areaCode: '828' } })).status).toBe(200);

    // Give both businesses one owner, so only the key distinguishes them.
    await stack.pool.query('UPDATE businesses SET owner_id = (SELECT owner_id FROM businesses WHERE id = $1) WHERE id = $2', [business!.id, sibling!.id]);
    const first = await stack.onboard(business!, { key: 'key-1', body: { areaCode: '828' } });
    expect(first.status).toBe(200);
    const replay = await stack.onboard(business!, { key: 'key-1', body: { areaCode: '828' } });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body); // alreadyComplete: false, as the first answer said
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const otherBody = await stack.onboard(business!, { key: 'key-1', body: { areaCode: '415' } });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherBusiness = await stack.onboard(sibling!, { key: 'key-1', token: business!.ownerToken, body: { areaCode: '828' } });
    expect(otherBusiness.status).toBe(422);
    const newKey = await stack.onboard(business!, { key: 'key-2', body: { areaCode: '828' } });
    expect(newKey.body).toEqual({ success: true, phoneNumber: first.body.phoneNumber, alreadyComplete: true });
    expect(await stack.committedPurchases(business!.id)).toBe(1);
    expect(await stack.committedPurchases(sibling!.id)).toBe(0);

    // After 24 h a key is forgotten: reusing it for another request is no longer a 422.
    await stack.pool.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'key-1'`);
    const expired = await stack.onboard(sibling!, { key: 'key-1', token: business!.ownerToken, body: { areaCode: '828' } });
    expect(expired.status).toBe(200);
    expect(expired.headers.get('idempotent-replayed')).toBeNull();
    const { rows } = await stack.pool.query(`SELECT business_id, expires_at > now() + interval '23 hours' AS fresh FROM idempotency_keys WHERE key = 'key-1'`);
    expect(rows).toEqual([{ business_id: sibling!.id, fresh: true }]);
  });

  it('never replays 503 or 409: a retry with the same key runs again', async () => {
    // A lease far longer than the test, ended explicitly below: the 409 cannot depend on a
    // retry landing inside a wall-clock window, and the final retry on the lease running out.
    await using stack = await startTargetAppStack({ env: { TWILIO_TIMEOUT_MS: '1000', CLAIM_LEASE_MS: '600000' } });
    const [business] = await stack.seed(1);
    // The connection is cut before the commit: an unknown outcome, so the lease is kept.
    await stack.admin.setFaults({ rules: [{ operation: 'purchase', kind: 'fail-before-commit', times: 1 }] });
    const failed = await stack.onboard(business!, { key: 'k' });
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ code: 'TWILIO_UNAVAILABLE', retryable: true });
    const busy = await stack.onboard(business!, { key: 'k' });
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ success: false, code: 'ONBOARDING_IN_PROGRESS' });
    expect(busy.body.retryAfterMs).toBeGreaterThan(0);
    // What the server's retryAfterMs waits for, made to happen now: the lease runs out.
    const ended = await stack.pool.query('UPDATE businesses SET lease_expires_at = clock_timestamp() WHERE id = $1 AND lease_expires_at IS NOT NULL', [business!.id]);
    expect(ended.rowCount).toBe(1);
    const done = await stack.onboard(business!, { key: 'k' });
    expect(done.status).toBe(200);
    expect(done.headers.get('idempotent-replayed')).toBeNull();
    expect(await stack.committedPurchases(business!.id)).toBe(1);
  });

  it('serves the fixtures endpoint only when FIXTURES_ENABLED=1', async () => {
    await using stack = await startTargetAppStack({ latency: 'off', env: { FIXTURES_ENABLED: '0' } });
    const res = await post(stack, '/__fixtures/businesses', { body: JSON.stringify({ count: 1, areaCode: '828' }) });
    expect(res.status).toBe(404);
  });

  it('answers 503 DATABASE_UNAVAILABLE while the database is lost, 400 without it, and recovers when it returns', async () => {
    await using stack = await startTargetAppStack({ latency: 'off', databaseProxy: true });
    const [business] = await stack.seed(1);
    stack.databaseProxy!.cut();
    const lost = await stack.onboard(business!);
    expect(lost.status).toBe(503);
    expect(lost.body).toMatchObject({ success: false, code: 'DATABASE_UNAVAILABLE', retryable: true });
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(503);
    // Bad input is refused before any database work, so it is still a 400 (and never a 503).
    const path = `/api/businesses/${business!.id}/complete-onboarding`;
    const refused = await Promise.all([
      post(stack, '/api/businesses/not-a-uuid/complete-onboarding', { token: business!.ownerToken }),
      post(stack, `/api/businesses/${encodeURIComponent("x'; DELETE FROM businesses; --")}/complete-onboarding`, { token: business!.ownerToken }),
      post(stack, path, { token: business!.ownerToken, body: JSON.stringify({ pad: 'x'.repeat(100_000) }) }),
      post(stack, path, { token: business!.ownerToken, body: JSON.stringify({ areaCode: '1 OR 1=1' }) }),
    ]);
    expect(refused.map((r) => `${r.status} ${r.body.code}`)).toEqual([
      '400 INVALID_BUSINESS_ID', '400 INVALID_BUSINESS_ID', '400 INVALID_REQUEST_BODY', '400 INVALID_AREA_CODE',
    ]);
    stack.databaseProxy!.restore();
    const back = await stack.onboard(business!);
    expect(back.status).toBe(200);
    expect(stack.app.isRunning()).toBe(true);
    expect(await stack.committedPurchases(business!.id)).toBe(1);
  });

  it('answers 503 TWILIO_UNAVAILABLE when Twilio is unreachable and leaves the business retryable', async () => {
    await using stack = await startTargetAppStack({ latency: 'off', env: { TWILIO_API_BASE: 'http://127.0.0.1:9' } });
    const [business] = await stack.seed(1);
    for (let i = 0; i < 2; i++) {
      const answer = await stack.onboard(business!);
      expect(answer.status).toBe(503); // twice: nothing was sent, so no lease is kept and no 409
      expect(answer.body).toMatchObject({ success: false, code: 'TWILIO_UNAVAILABLE', retryable: true });
    }
  });

  it('exits 2 naming a bad variable (a JWT_SECRET under 32 bytes too), and 3 with the cause when the database is unreachable at start', async () => {
    const env = {
      PORT: '0', DATABASE_URL: 'postgres://postgres@127.0.0.1:9/none', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't',
      TWILIO_API_BASE: 'http://127.0.0.1:9', PUBLIC_BASE_URL: 'https://app.example.test',
      JWT_SECRET: 'a-secret-of-at-least-thirty-two-bytes',
    };
    const weak = await runMain({ ...env, JWT_SECRET: 'short-secret' });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/invalid environment: JWT_SECRET must be at least 32 bytes .*\(got 12 bytes\)/);
    expect(weak.stderr).not.toContain('short-secret');
    const bad = await runMain({ ...env, TWILIO_TIMEOUT_MS: 'soon' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('TWILIO_TIMEOUT_MS');
    const unreachable = await runMain(env);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/database unreachable at start: .*ECONNREFUSED/);
  });
});
