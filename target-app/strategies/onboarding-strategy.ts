// One interface for the five onboarding strategies of target-app/README.md. The route has already
// authenticated the owner, validated the input and loaded the business; a strategy decides
// how (and how safely) to give that business exactly one phone number.
import type { RequestHandler } from 'express';
import type { StrategyName } from '../config.ts';
import type { Outcome } from '../errors.ts';
import type { Pool } from '../database/pool.ts';
import type { PhoneNumbers } from '../twilio/phone-numbers.ts';

export interface OnboardingRequest {
  businessId: string;
  ownerId: string;
  /** The area code to buy in: the body's, else the business's own. */
  areaCode: string;
  idempotencyKey: string | null;
}

export interface OnboardingStrategy {
  readonly name: StrategyName;
  /** Runs before `completeOnboarding` on the route, after authentication (the RCA's rate limiter). */
  readonly middleware: RequestHandler[];
  /** Answers the request; may throw AppError, TwilioFailure or database errors for the route to map. */
  completeOnboarding(request: OnboardingRequest): Promise<Outcome>;
}

export interface StrategyDependencies {
  pool: Pool;
  phoneNumbers: PhoneNumbers;
  claimLeaseMs: number;
  twilioTimeoutMs: number;
  rateLimitWindowMs: number;
  log: (line: string) => void;
}

export const onboarded = (phoneNumber: string, alreadyComplete: boolean): Outcome => ({
  status: 200,
  body: { success: true, phoneNumber, alreadyComplete },
});
