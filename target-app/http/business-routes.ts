// The business API of DESIGN §4.2. Checks run cheapest first and touch the database last:
// token (401), then the id, body and key (400), then the business (404) and its owner (403).
import express, { type RequestHandler } from 'express';
import { AppError } from '../errors.ts';
import { businessNotFound, findBusiness, type Business } from '../database/businesses.ts';
import { retryOnLostConnection, type Pool } from '../database/pool.ts';
import type { OnboardingStrategy } from '../strategies/index.ts';
import { stampArrival } from './arrival-time.ts';
import type { OwnerTokens } from './owner-tokens.ts';
import { parseBusinessId, parseIdempotencyKey, parseOnboardingBody } from './request-validation.ts';
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

/** Small JSON bodies only: the contract's body is `{ "areaCode": "828" }`. */
const parseJsonBody = express.json({ limit: '4kb', type: () => true });

export function createBusinessRouter({ pool, tokens, strategy }: BusinessRoutesDependencies): express.Router {
  /** 401, then 400 (id and `validateInput`), then the database: 404, 403. */
  async function authorize<T>(req: express.Request, validateInput: () => T): Promise<{ business: Business; ownerId: string; input: T }> {
    const ownerId = await tokens.verify(req.get('authorization'));
    const businessId = parseBusinessId(req.params['businessId']);
    const input = validateInput();
    const business = await retryOnLostConnection(() => findBusiness(pool, businessId));
    if (!business) throw businessNotFound();
    if (business.ownerId !== ownerId) throw new AppError(403, 'FORBIDDEN', 'This business belongs to another owner.');
    return { business, ownerId, input };
  }

  const checkOnboardingRequest: RequestHandler = async (req, res, next) => {
    const { business, ownerId, input } = await authorize(req, () => ({
      areaCode: parseOnboardingBody(req.body),
      idempotencyKey: parseIdempotencyKey(req.get('idempotency-key')),
    }));
    res.locals['onboarding'] = { business, ownerId, ...input } satisfies OnboardingInput;
    next();
  };

  const completeOnboarding: RequestHandler = async (_req, res) => {
    const { business, ownerId, areaCode, idempotencyKey } = res.locals['onboarding'] as OnboardingInput;
    const outcome = await strategy.completeOnboarding({ businessId: business.id, ownerId, areaCode: areaCode ?? business.areaCode, idempotencyKey });
    sendOutcome(res, outcome);
  };

  const router = express.Router();
  router.post(
    '/api/businesses/:businessId/complete-onboarding',
    parseJsonBody,
    stampArrival,
    checkOnboardingRequest,
    ...strategy.middleware,
    completeOnboarding,
  );
  router.get('/api/businesses/:businessId', async (req, res) => {
    const { business } = await authorize(req, () => undefined);
    res.json({ id: business.id, name: business.name, phoneNumber: business.phoneNumber, onboardingStatus: business.onboardingStatus });
  });
  return router;
}
