// Owner-token rules on the running app: JWT_MAX_LIFETIME_S bounds what it accepts and what
// it signs; tokens without exp, issued in the future or minted for a century are a 401.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { startTargetAppStack } from './support/target-app-stack.ts';

describe('target-app owner tokens', () => {
  it('signs fixture tokens for JWT_MAX_LIFETIME_S and refuses tokens that break the rules', async () => {
    await using stack = await startTargetAppStack({ latency: 'off', env: { JWT_MAX_LIFETIME_S: '120' } });
    const [business] = await stack.seed(1);
    const claims = JSON.parse(Buffer.from(business!.ownerToken.split('.')[1]!, 'base64url').toString()) as { sub: string; iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(120);

    const key = new TextEncoder().encode(stack.env['JWT_SECRET']);
    const now = Math.floor(Date.now() / 1000);
    const mint = (iat: number | null, exp: number | null) => {
      const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.sub).setIssuer('exactly-one-target-app');
      if (iat !== null) jwt.setIssuedAt(iat);
      if (exp !== null) jwt.setExpirationTime(exp);
      return jwt.sign(key);
    };
    const read = async (token: string) => {
      const res = await fetch(`${stack.url}/api/businesses/${business!.id}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { code?: string; message?: string };
      return res.status === 200 ? '200' : `${res.status} ${body.code}: ${body.message}`;
    };
    expect(await read(business!.ownerToken)).toBe('200');
    expect(await read(await mint(now, now + 120))).toBe('200');
    expect(await read(await mint(now, null))).toMatch(/^401 UNAUTHENTICATED: Token without the required "exp" claim/);
    expect(await read(await mint(now + 3600, now + 3700))).toMatch(/^401 UNAUTHENTICATED: Token issued in the future/);
    expect(await read(await mint(now, now + 100 * 365 * 24 * 3600))).toMatch(/^401 UNAUTHENTICATED: Token lifetime over the 120 s allowed/);
    expect(await read(await mint(now, now + 121))).toMatch(/^401 UNAUTHENTICATED: Token lifetime over/);
  });
});
