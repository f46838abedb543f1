import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_S, createOwnerTokens } from './owner-tokens.ts';

const SECRET = 'an-owner-token-secret-of-32-bytes!';
const OWNER = '0b6f1c7e-8a4d-4e0b-9f3a-2c1d5e6f7a8b';
const DAY_S = 24 * 60 * 60;
const tokens = createOwnerTokens(SECRET, { maxLifetimeS: 7 * DAY_S });
const now = () => Math.floor(Date.now() / 1000);

/** A token as an attacker with the secret's shape of tokens, or a careless issuer, would mint it. */
function mint(claims: { iat?: number; exp?: number; sub?: string; iss?: string } = {}, secret = SECRET) {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.sub ?? OWNER).setIssuer(claims.iss ?? 'exactly-one-target-app');
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(new TextEncoder().encode(secret));
}

async function refusal(token: string): Promise<string> {
  try {
    await tokens.verify(`Bearer ${token}`);
    return 'accepted';
  } catch (error) {
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    return (error as Error).message;
  }
}

describe('owner tokens', () => {
  it("accepts the app's own tokens, which last exactly the maximum lifetime", async () => {
    const token = await tokens.sign(OWNER);
    expect(await tokens.verify(`Bearer ${token}`)).toBe(OWNER);
    const [, body] = token.split('.');
    const { iat, exp } = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { iat: number; exp: number };
    expect(exp - iat).toBe(7 * DAY_S);
    const short = createOwnerTokens(SECRET, { maxLifetimeS: 60 });
    const [, shortBody] = (await short.sign(OWNER)).split('.');
    const claims = JSON.parse(Buffer.from(shortBody!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(60);
  });

  it('requires exp and iat', async () => {
    expect(await refusal(await mint({ iat: now() }))).toMatch(/^Token without the required "exp" claim/);
    expect(await refusal(await mint({ exp: now() + DAY_S }))).toMatch(/^Token without the required "iat" claim/);
  });

  it(`refuses a token issued more than ${CLOCK_SKEW_S} s in the future, and tolerates clock skew below that`, async () => {
    expect(await refusal(await mint({ iat: now() + CLOCK_SKEW_S + 30, exp: now() + DAY_S }))).toMatch(/^Token issued in the future/);
    expect(await refusal(await mint({ iat: now() + CLOCK_SKEW_S - 30, exp: now() + DAY_S }))).toBe('accepted');
  });

  it('refuses a lifetime over the maximum (a 100-year token), and an expired or too old one', async () => {
    expect(await refusal(await mint({ iat: now(), exp: now() + 100 * 365 * DAY_S }))).toMatch(/^Token lifetime over the 604800 s allowed/);
    expect(await refusal(await mint({ iat: now(), exp: now() + 7 * DAY_S + 1 }))).toMatch(/^Token lifetime over/);
    expect(await refusal(await mint({ iat: now(), exp: now() + 7 * DAY_S }))).toBe('accepted');
    expect(await refusal(await mint({ iat: now() - DAY_S, exp: now() - CLOCK_SKEW_S - 1 }))).toMatch(/^Expired token/);
    expect(await refusal(await mint({ iat: now() - 8 * DAY_S, exp: now() + DAY_S }))).toMatch(/^Token lifetime over|^Expired token/);
  });

  it('refuses another secret, another issuer, a non-uuid subject and a malformed header', async () => {
    const fresh = { iat: now(), exp: now() + DAY_S };
    expect(await refusal(await mint(fresh, 'another-secret-also-of-32-bytes-long'))).toMatch(/^Invalid token/);
    expect(await refusal(await mint({ ...fresh, iss: 'someone-else' }))).toMatch(/^Invalid token/);
    expect(await refusal(await mint({ ...fresh, sub: '42' }))).toMatch(/^Invalid token/);
    for (const header of [undefined, '', 'Bearer', 'Basic abc', `Bearer ${await tokens.sign(OWNER)} extra`]) {
      await expect(tokens.verify(header)).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
  });
});
