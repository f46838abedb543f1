// Bearer tokens: HS256 JWTs signed with JWT_SECRET whose `sub` is the owner's id. A business
// belongs to one owner; its token grants that business and no other.
// A token must carry `exp` and `iat`, must not be issued in the future, and may live at most
// the configured lifetime (exp − iat), so a leaked token cannot be minted to last a century.
// Clocks of the machines that mint and check a token may differ by up to CLOCK_SKEW_S.
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import { AppError } from '../errors.ts';

const ISSUER = 'exactly-one-target-app';
/** Tolerated clock difference, in seconds, for `iat` in the future and for `exp`. */
export const CLOCK_SKEW_S = 60;
const ownerIdSchema = z.guid();

export interface OwnerTokens {
  sign(ownerId: string): Promise<string>;
  /** The owner id of a valid token; throws 401 UNAUTHENTICATED otherwise. */
  verify(authorization: string | undefined): Promise<string>;
}

export interface OwnerTokenOptions {
  /** The longest lifetime accepted, and the lifetime of the tokens this app signs. */
  maxLifetimeS: number;
}

const unauthenticated = (why: string) => new AppError(401, 'UNAUTHENTICATED', `${why}; send Authorization: Bearer <owner token>.`, {}, { 'WWW-Authenticate': 'Bearer' });

/** Why jose refused a token, in words a client can act on; the signature case says no more. */
function refusal(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'Expired token';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `Token without the required "${error.claim}" claim`;
    if (error.claim === 'iat') return 'Token issued in the future';
  }
  return 'Invalid token';
}

export function createOwnerTokens(secret: string, { maxLifetimeS }: OwnerTokenOptions): OwnerTokens {
  const key = new TextEncoder().encode(secret);
  const checkLifetime = (payload: JWTPayload) => {
    // jose checks that both are present numbers; the bound between them is ours.
    if (payload.exp! - payload.iat! > maxLifetimeS) throw unauthenticated(`Token lifetime over the ${maxLifetimeS} s allowed`);
  };
  return {
    sign: (ownerId) => {
      const issuedAt = Math.floor(Date.now() / 1000);
      return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(ownerId).setIssuer(ISSUER)
        .setIssuedAt(issuedAt).setExpirationTime(issuedAt + maxLifetimeS).sign(key);
    },
    verify: async (authorization) => {
      const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
      if (!token) throw unauthenticated('Missing bearer token');
      let payload: JWTPayload;
      try {
        // maxTokenAge makes jose require `iat` and refuse one more than the tolerance ahead.
        ({ payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'], issuer: ISSUER, requiredClaims: ['exp', 'iat'], maxTokenAge: maxLifetimeS, clockTolerance: CLOCK_SKEW_S,
        }));
      } catch (error) {
        throw unauthenticated(refusal(error));
      }
      checkLifetime(payload);
      const ownerId = ownerIdSchema.safeParse(payload.sub);
      if (!ownerId.success) throw unauthenticated('Invalid token');
      return ownerId.data.toLowerCase();
    },
  };
}
