// Bearer tokens: HS256 JWTs signed with JWT_SECRET whose `sub` is the owner's id. A business
// belongs to one owner; its token grants that business and no other.
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { AppError } from '../errors.ts';

const ISSUER = 'exactly-one-target-app';
const ownerIdSchema = z.guid();

export interface OwnerTokens {
  sign(ownerId: string): Promise<string>;
  /** The owner id of a valid token; throws 401 UNAUTHENTICATED otherwise. */
  verify(authorization: string | undefined): Promise<string>;
}

const unauthenticated = (why: string) => new AppError(401, 'UNAUTHENTICATED', `${why}; send Authorization: Bearer <owner token>.`, {}, { 'WWW-Authenticate': 'Bearer' });

export function createOwnerTokens(secret: string): OwnerTokens {
  const key = new TextEncoder().encode(secret);
  return {
    sign: (ownerId) =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(ownerId).setIssuer(ISSUER).setIssuedAt().setExpirationTime('7d').sign(key),
    verify: async (authorization) => {
      const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
      if (!token) throw unauthenticated('Missing bearer token');
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER });
        return ownerIdSchema.parse(payload.sub).toLowerCase();
      } catch {
        throw unauthenticated('Invalid or expired token');
      }
    },
  };
}
