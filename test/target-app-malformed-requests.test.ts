// Requests that never reach express — HTTP the parser refuses, headers over Node's limit, a
// CONNECT — are answered with the contract's envelope on the wire, not Node's bare 400 or a
// silently destroyed socket. Found by test/target-app-fuzz.test.ts.
import { describe, expect, it } from 'vitest';
import { exchangeRaw } from './support/target-app-raw-http.ts';
import { startTargetAppStack } from './support/target-app-stack.ts';

const request = (head: string, body = '') => Buffer.from(`${head}\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n${body}`, 'latin1');

describe('target-app malformed requests', () => {
  it('answers what the HTTP parser refuses, and CONNECT, with an envelope and a stable code', async () => {
    await using stack = await startTargetAppStack({ latency: 'off' });
    const [business] = await stack.seed(1);
    const port = Number(new URL(stack.url).port);
    const onboarding = `/api/businesses/${business!.id}/complete-onboarding`;
    const cases: Array<[string, Buffer, number, string]> = [
      ['lower-case method', request('get /healthz HTTP/1.1'), 400, 'MALFORMED_REQUEST'],
      ['space in the target', request('GET /a b HTTP/1.1'), 400, 'MALFORMED_REQUEST'],
      ['two Content-Lengths', request(`POST ${onboarding} HTTP/1.1\r\ncontent-length: 2\r\ncontent-length: 3`, '{}'), 400, 'MALFORMED_REQUEST'],
      ['a broken chunk after a good head', request(`POST ${onboarding} HTTP/1.1\r\nauthorization: Bearer ${business!.ownerToken}\r\ntransfer-encoding: chunked`, 'zz\r\n{}\r\n0\r\n\r\n'), 400, 'MALFORMED_REQUEST'],
      ['headers over 16 KiB', request(`GET /healthz HTTP/1.1\r\nx-big: ${'h'.repeat(17_000)}`), 431, 'REQUEST_HEADERS_TOO_LARGE'],
      ['CONNECT', request('CONNECT 127.0.0.1:5432 HTTP/1.1'), 404, 'NOT_FOUND'],
    ];
    for (const [name, bytes, status, code] of cases) {
      const answer = await exchangeRaw(port, bytes);
      expect(answer.status, name).toBe(status);
      expect(answer.headers['content-type'], name).toMatch(/^application\/json/);
      expect(answer.headers['x-arrival-ns'], name).toMatch(/^\d+$/);
      expect(JSON.parse(answer.body), name).toMatchObject({ success: false, code, message: expect.any(String) });
    }
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
    expect(await stack.committedPurchases(business!.id)).toBe(0);
  });
});
