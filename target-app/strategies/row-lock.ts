// The RCA's fix: the whole onboarding inside one transaction holding the business row's lock
// (SELECT … FOR UPDATE) while Twilio is called. It serialises concurrent requests, but holds
// a connection and a lock for a network call, and when the purchase's response is lost the
// ROLLBACK forgets a number Twilio did sell: an orphan (the test documents it).
import { withTransaction } from '../database/pool.ts';
import { businessNotFound, saveNumber } from '../database/businesses.ts';
import type { OnboardingStrategy, StrategyDependencies } from './onboarding-strategy.ts';
import { onboarded } from './onboarding-strategy.ts';

export function createRowLockStrategy(deps: StrategyDependencies): OnboardingStrategy {
  const { pool, phoneNumbers } = deps;
  return {
    name: 'row-lock',
    middleware: [],
    completeOnboarding: (request) =>
      withTransaction(pool, async (client) => {
        const { rows } = await client.query<{ phone_number: string | null }>('SELECT phone_number FROM businesses WHERE id = $1 FOR UPDATE', [request.businessId]);
        if (!rows[0]) throw businessNotFound();
        if (rows[0].phone_number) return onboarded(rows[0].phone_number, true);
        const bought = await phoneNumbers.purchase(request.businessId, request.areaCode);
        await phoneNumbers.configureWebhooks(request.businessId, bought.sid);
        await saveNumber(client, request.businessId, bought);
        return onboarded(bought.phoneNumber, false);
      }),
  };
}
