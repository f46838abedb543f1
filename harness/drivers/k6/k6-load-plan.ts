import { seededRandom } from '../../../scenarios/index.ts';
import type { K6LoadPlan } from '../../../scenarios/k6/k6-fixtures.ts';
import { loadSettingsOf, type LoadSettings } from '../../config/index.ts';
import type { FixtureBusiness } from '../../target/target-client.ts';
import type { DriveContext } from '../driver.ts';
import { planArrival, scheduledArrivals } from '../load/index.ts';

// sustained-load under k6: the harness seeds one business per scheduled arrival and plans every
// arrival with the load driver's own planner and seed stream, so a seed sends the same duplicates
// under k6 as under undici; k6 reads the plan from the fixtures (it cannot import the harness).

/** /__fixtures seeds at most this many businesses a request. */
const SEED_CHUNK = 1_000;
/** The load driver's duplicate stream (harness/drivers/load/load-driver.ts): same seed, same plan. */
const duplicateStream = (seed: number) => seededRandom((seed ^ 0x5eed10ad) >>> 0);

export interface K6LoadCell {
  settings: LoadSettings;
  businesses: FixtureBusiness[];
  plan: K6LoadPlan;
}

export async function planK6Load(context: Pick<DriveContext, 'load' | 'seed' | 'variant' | 'seedBusinesses'>): Promise<K6LoadCell> {
  const settings = context.load ?? loadSettingsOf({});
  const scheduled = scheduledArrivals(settings.stages);
  const businesses: FixtureBusiness[] = [];
  while (businesses.length < scheduled) {
    businesses.push(...await context.seedBusinesses({ count: Math.min(SEED_CHUNK, scheduled - businesses.length) }));
  }
  const random = duplicateStream(context.seed);
  const arrivals = businesses.map((_, index) => {
    const { client, key, duplicate } = planArrival(index, context.variant, settings.duplicates, random);
    return { client, key, duplicate };
  });
  return {
    settings,
    businesses,
    plan: { stages: settings.stages, maxInFlight: settings.maxInFlight, thresholds: settings.thresholds, abortOnFail: settings.abortOnFail, arrivals },
  };
}
