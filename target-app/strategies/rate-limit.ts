// The RCA's express-rate-limit: one request per business per window, then the naive
// check-then-act. The counter lives in process memory, so several instances each let one
// through, and a retry after a failure is refused for the rest of the window.
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../errors.ts';
import type { OnboardingStrategy, StrategyDependencies } from './onboarding-strategy.ts';
import { checkThenBuy } from './naive.ts';

export function createRateLimitStrategy(deps: StrategyDependencies): OnboardingStrategy {
  const limiter = rateLimit({
    windowMs: deps.rateLimitWindowMs,
    limit: 1,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => String(req.params['businessId']),
    handler: (req, _res, next) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfterMs = Math.max(1, (resetTime?.getTime() ?? Date.now() + deps.rateLimitWindowMs) - Date.now());
      next(new AppError(429, 'RATE_LIMITED', 'Too many onboarding requests for this business; retry later.', { retryAfterMs },
        { 'Retry-After': String(Math.ceil(retryAfterMs / 1000)) }));
    },
  });
  return { name: 'rate-limit', middleware: [limiter], completeOnboarding: (request) => checkThenBuy(deps, request) };
}
