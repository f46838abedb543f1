// The complete fix (target-app/README.md), the default strategy. Exactly one purchase per business
// does not depend on the client: whatever keys it sends, and however many instances serve it,
// 1. a short claim transaction admits one attempt at a time per business, with a lease;
// 2. the attempt looks at Twilio for a number tagged for the business before buying one;
// 3. no database connection is held while Twilio is called;
// 4. the result is recorded only if the attempt's fence still holds.
// A concurrent duplicate waits a bounded time for the running attempt's result, else gets 409.
// The Idempotency-Key table on top only replays final answers to a retrying client.
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, inProgress, twilioUnavailable, type Outcome } from '../errors.ts';
import { knownErrorOutcome } from '../error-outcomes.ts';
import { businessNotFound } from '../database/businesses.ts';
import { TwilioFailure } from '../twilio/twilio-failure.ts';
import type { ProvisionedNumber } from '../twilio/phone-numbers.ts';
import type { OnboardingRequest, OnboardingStrategy, StrategyDependencies } from './onboarding-strategy.ts';
import { onboarded } from './onboarding-strategy.ts';
import { abandonAttempt, claimAttempt, finishAttempt, peekClaim } from './idempotent/attempt-claims.ts';
import { reserveKey, storeKeyOutcome } from './idempotent/idempotency-keys.ts';
import { findTaggedNumber, releaseDuplicate, releaseOtherTagged } from './idempotent/twilio-recovery.ts';

export function createIdempotentStrategy(deps: StrategyDependencies): OnboardingStrategy {
  const { pool, phoneNumbers, claimLeaseMs, log } = deps;
  // Long enough for a running attempt's Twilio calls, never longer than its lease.
  const waitBudgetMs = Math.min(2 * deps.twilioTimeoutMs, claimLeaseMs);

  async function completeOnboarding(request: OnboardingRequest): Promise<Outcome> {
    const keyed = request.idempotencyKey === null ? null : { ...request, key: request.idempotencyKey };
    if (keyed) {
      const reservation = await reserveKey(pool, keyed);
      if (reservation.kind === 'mismatch') {
        throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different business or request body.');
      }
      if (reservation.kind === 'replay') return reservation.outcome;
    }
    // Answers are computed here rather than at the edge, so that final ones can be stored.
    const outcome = await onboard(request).catch((error: unknown) => knownErrorOutcome(error) ?? Promise.reject(error));
    if (keyed) await storeKeyOutcome(pool, keyed, outcome).catch((error: Error) => log(`idempotency: answer not stored (${error.message})`));
    return outcome;
  }

  /** Attempts this process is running, by business: local duplicates await them instead of polling. */
  const runningHere = new Map<string, Promise<Outcome>>();

  /** Claims an attempt, or waits (bounded) for the one running and returns its result. */
  async function onboard(request: OnboardingRequest): Promise<Outcome> {
    const { businessId } = request;
    const deadline = Date.now() + waitBudgetMs;
    let claim = await claimAttempt(pool, businessId, claimLeaseMs);
    for (let pollMs = 25; claim.kind === 'in-progress'; pollMs = Math.min(pollMs * 1.5, 250)) {
      const waitMs = Math.min(claim.retryAfterMs, deadline - Date.now());
      if (waitMs <= 0) throw inProgress(claim.retryAfterMs);
      const local = runningHere.get(businessId);
      if (local) {
        const outcome = await settledWithin(local, waitMs);
        if (outcome?.status === 200) return onboarded(String(outcome.body['phoneNumber']), true);
      } else {
        await sleep(Math.min(pollMs, waitMs));
      }
      // Another instance's attempt, or ours ended without a number: poll with a plain read and
      // take the lock only once the running attempt's lease is over.
      const seen = await peekClaim(pool, businessId);
      claim = seen === 'claim' ? await claimAttempt(pool, businessId, claimLeaseMs) : seen;
    }
    if (claim.kind === 'not-found') throw businessNotFound();
    if (claim.kind === 'complete') return onboarded(claim.phoneNumber, true);
    const attempt = runAttempt(request, claim.fence);
    runningHere.set(businessId, attempt);
    try {
      return await attempt;
    } finally {
      if (runningHere.get(businessId) === attempt) runningHere.delete(businessId);
    }
  }

  async function runAttempt(request: OnboardingRequest, fence: string): Promise<Outcome> {
    const claimedAt = Date.now();
    const { businessId } = request;
    let number: ProvisionedNumber | null;
    try {
      number = await findTaggedNumber(deps, businessId);
    } catch (error) {
      await abandon(businessId, fence, false);
      throw error;
    }
    const bought = number === null;
    if (number === null) {
      try {
        number = await phoneNumbers.purchase(businessId, request.areaCode);
      } catch (error) {
        number = await recoverFromFailedPurchase(businessId, fence, error, claimedAt);
      }
    } else {
      log(`recovery: found ${number.phoneNumber} (${number.sid}) at Twilio for business ${businessId}; adopting it instead of buying`);
    }
    const sid = number.sid;
    await phoneNumbers.configureWebhooks(businessId, sid).catch((error: Error) =>
      // The purchase already set the webhook URLs; reconcile reports a mismatch if this mattered.
      log(`onboarding: webhook configuration of ${sid} failed (${error.message})`),
    );
    const recorded = await finishAttempt(pool, businessId, fence, number);
    if (recorded === number.phoneNumber) {
      // An earlier attempt that outlived its lease may have bought too; its number is waste.
      if (bought && BigInt(fence) > 1n) await releaseOtherTagged(deps, businessId, number);
      return onboarded(number.phoneNumber, false);
    }
    if (recorded !== null) {
      // We were fenced out and the business has another number: ours is the duplicate.
      await releaseDuplicate(deps, businessId, number, recorded);
      return onboarded(recorded, true);
    }
    // A newer attempt holds the claim; it will adopt or release our tagged number.
    throw inProgress(deps.twilioTimeoutMs);
  }

  /** After a failed purchase: adopt the number if Twilio did sell it, else end the attempt. */
  async function recoverFromFailedPurchase(businessId: string, fence: string, error: unknown, claimedAt: number): Promise<ProvisionedNumber> {
    if (!(error instanceof TwilioFailure) || error.kind !== 'ambiguous') {
      await abandon(businessId, fence, false);
      throw error;
    }
    const found = await findTaggedNumber(deps, businessId).catch(() => null);
    if (found) {
      log(`recovery: purchase for business ${businessId} failed ambiguously (${error.message}) but Twilio has ${found.phoneNumber}; adopting it`);
      return found;
    }
    // Twilio may still complete the purchase: keep the lease so no second one starts meanwhile.
    await abandon(businessId, fence, true);
    throw twilioUnavailable(error.message, Math.max(1, claimLeaseMs - (Date.now() - claimedAt)));
  }

  /** The attempt's outcome if it settles within `ms`; null if it fails or takes longer. */
  async function settledWithin(attempt: Promise<Outcome>, ms: number): Promise<Outcome | null> {
    const timeout = new AbortController();
    try {
      return await Promise.race([attempt.catch(() => null), sleep(ms, null, { signal: timeout.signal })]);
    } finally {
      timeout.abort();
    }
  }

  async function abandon(businessId: string, fence: string, keepLease: boolean): Promise<void> {
    // If the database is gone too, the lease simply runs out.
    await abandonAttempt(pool, businessId, fence, keepLease).catch((error: Error) => log(`onboarding: attempt not abandoned (${error.message})`));
  }

  return { name: 'idempotent', middleware: [], completeOnboarding };
}
