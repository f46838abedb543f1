// The business API (docs/target-contract.md). Checks run cheapest first and touch the database
// last: the token (401) for anything under /api/businesses, before the path's id is judged and
// before the body is even read, so an unauthenticated client learns nothing about ids or bodies;
// then the id, the body and the key (400); then the business (404) and its owner (403).
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { AppError } from '../errors.ts';
import { businessNotFound, findBusiness, type Business } from '../database/businesses.ts';
import { retryOnLostConnection, type Pool } from '../database/pool.ts';
import type { OnboardingStrategy } from '../strategies/index.ts';
import { stampArrival } from './arrival-time.ts';
import type { OwnerTokens } from './owner-tokens.ts';
import { invalidBusinessId, isMalformedPathEscape, parseBusinessId, parseIdempotencyKey, parseOnboardingBody, requireCompleteRequest } from './request-validation.ts';
import { sendOutcome } from './error-handler.ts';

interface BusinessRoutesDependencies {
  pool: Pool;
  tokens: OwnerTokens;
  strategy: OnboardingStrategy;
}

interface OnboardingInput {
  business: Business;
  ownerId: string;
  areaCode: string | null;
  idempotencyKey: string | null;
}

const API_PREFIX = '/api/businesses';
/** Small JSON bodies only: the contract's body is `{ "areaCode": "828" }`. */
const parseJsonBody = express.json({ limit: '4kb', type: () => true });

const ownerIdOf = (res: express.Response) => res.locals['ownerId'] as string;
const businessIdOf = (res: express.Response) => res.locals['businessId'] as string;

export function createBusinessRouter({ pool, tokens, strategy }: BusinessRoutesDependencies): express.Router {
  const authenticate: RequestHandler = async (req, res, next) => {
    res.locals['ownerId'] = await tokens.verify(req.get('authorization'));
    next();
  };

  const checkBusinessId: RequestHandler = (req, res, next) => {
    res.locals['businessId'] = parseBusinessId(req.params['businessId']);
    next();
  };

  /** 404, then 403: the only checks that need the database. */
  async function loadOwnedBusiness(res: express.Response): Promise<Business> {
    const business = await retryOnLostConnection(() => findBusiness(pool, businessIdOf(res)));
    if (!business) throw businessNotFound();
    if (business.ownerId !== ownerIdOf(res)) throw new AppError(403, 'FORBIDDEN', 'This business belongs to another owner.');
    return business;
  }

  const checkOnboardingRequest: RequestHandler = async (req, res, next) => {
    const areaCode = parseOnboardingBody(req.body);
    const idempotencyKey = parseIdempotencyKey(req.get('idempotency-key'));
    const business = await loadOwnedBusiness(res);
    res.locals['onboarding'] = { business, ownerId: ownerIdOf(res), areaCode, idempotencyKey } satisfies OnboardingInput;
    next();
  };

  const completeOnboarding: RequestHandler = async (_req, res) => {
    const { business, ownerId, areaCode, idempotencyKey } = res.locals['onboarding'] as OnboardingInput;
    const outcome = await strategy.completeOnboarding({ businessId: business.id, ownerId, areaCode: areaCode ?? business.areaCode, idempotencyKey });
    sendOutcome(res, outcome);
  };

  // The router decodes `:businessId` while matching a route, before any handler of it runs; a
  // malformed escape (`%ZZ`) fails there. It is a bad business id, answered after the token,
  // which the prefix middleware above the routes has already checked.
  const malformedIdIsBadRequest: ErrorRequestHandler = (error, _req, _res, next) => {
    next(isMalformedPathEscape(error) ? invalidBusinessId() : error);
  };

  const router = express.Router();
  router.use(API_PREFIX, authenticate);
  router.post(
    `${API_PREFIX}/:businessId/complete-onboarding`,
    checkBusinessId,
    parseJsonBody,
    requireCompleteRequest,
    stampArrival,
    checkOnboardingRequest,
    ...strategy.middleware,
    completeOnboarding,
  );
  router.get(`${API_PREFIX}/:businessId`, checkBusinessId, async (_req, res) => {
    const business = await loadOwnedBusiness(res);
    res.json({ id: business.id, name: business.name, phoneNumber: business.phoneNumber, onboardingStatus: business.onboardingStatus });
  });
  router.use(API_PREFIX, malformedIdIsBadRequest);
  return router;
}
