// The incident's handler, kept as it was: check phone_number, buy, configure, save, with no
// transaction. Two requests that both read "no number" both buy: the race the harness must catch.
import { businessNotFound, saveNumber } from '../database/businesses.ts';
import type { OnboardingRequest, OnboardingStrategy, StrategyDependencies } from './onboarding-strategy.ts';
import { onboarded } from './onboarding-strategy.ts';

/** The check-then-act itself, shared by the strategies the RCA layered on top of it. */
export async function checkThenBuy(deps: StrategyDependencies, request: OnboardingRequest) {
  const { pool, phoneNumbers } = deps;
  const { rows } = await pool.query<{ phone_number: string | null }>('SELECT phone_number FROM businesses WHERE id = $1', [request.businessId]);
  if (!rows[0]) throw businessNotFound();
  if (rows[0].phone_number) return onboarded(rows[0].phone_number, true);

  await pool.query(`UPDATE businesses SET onboarding_status = 'provisioning', updated_at = now() WHERE id = $1`, [request.businessId]);
  try {
    const bought = await phoneNumbers.purchase(request.businessId, request.areaCode);
    await phoneNumbers.configureWebhooks(request.businessId, bought.sid);
    await saveNumber(pool, request.businessId, bought);
    return onboarded(bought.phoneNumber, false);
  } catch (error) {
    await pool.query(`UPDATE businesses SET onboarding_status = 'failed', updated_at = now() WHERE id = $1 AND phone_number IS NULL`, [request.businessId]).catch(() => {});
    throw error;
  }
}

export function createNaiveStrategy(deps: StrategyDependencies): OnboardingStrategy {
  return { name: 'naive', middleware: [], completeOnboarding: (request) => checkThenBuy(deps, request) };
}
