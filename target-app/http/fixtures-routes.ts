// POST /__fixtures/businesses, mounted only when FIXTURES_ENABLED=1: how the harness seeds
// businesses through the same path for our app and external targets. Each business gets its
// own owner, so one business's token is another business's 403 — unless `sharedOwner: true`
// asks for one owner (and one token) for all of them.
import express from 'express';
import { AppError } from '../errors.ts';
import { createBusinesses } from '../database/businesses.ts';
import { retryOnLostConnection, type Pool } from '../database/pool.ts';
import type { OwnerTokens } from './owner-tokens.ts';
import { fixturesRequestSchema, requireCompleteRequest } from './request-validation.ts';

export function createFixturesRouter(pool: Pool, tokens: OwnerTokens): express.Router {
  const router = express.Router();
  router.post('/__fixtures/businesses', express.json({ limit: '1mb', type: () => true }), requireCompleteRequest, async (req, res) => {
    const parsed = fixturesRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AppError(400, 'INVALID_REQUEST_BODY', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const { count, areaCode, names = [], sharedOwner = false } = parsed.data;
    const allNames = Array.from({ length: count }, (_, i) => names[i] ?? `Business ${i + 1}`);
    const businesses = await retryOnLostConnection(() => createBusinesses(pool, allNames, areaCode, { sharedOwner }));
    // One token per owner: with a shared owner every business carries the very same token.
    const tokenOf = new Map<string, Promise<string>>();
    const signOnce = (ownerId: string) => tokenOf.get(ownerId) ?? tokenOf.set(ownerId, tokens.sign(ownerId)).get(ownerId)!;
    const withTokens = await Promise.all(
      businesses.map(async (b) => ({ id: b.id, name: b.name, ownerToken: await signOnce(b.ownerId) })),
    );
    res.status(201).json({ businesses: withTokens });
  });
  return router;
}
