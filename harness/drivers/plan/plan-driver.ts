import type { Driver } from '../driver.ts';
import { interpretPlan } from './plan-interpreter.ts';

// The default driver: the scenario's plan (bursts, fired requests, waits and fault windows)
// interpreted with our undici burst engine.
export const planDriver: Driver = {
  name: 'plan',
  async drive(context) {
    const interpreted = await interpretPlan({
      plan: context.plan,
      businesses: context.businesses,
      fleet: context.fleet,
      engine: context.engine,
      admin: context.fake.admin,
      history: context.history,
      seed: context.seed,
      requestTimeoutMs: context.requestTimeoutMs,
      signal: context.signal,
      ...(context.staggerGapMs !== undefined ? { staggerGapMs: context.staggerGapMs } : {}),
      terminateDbSessions: context.database ? () => context.database!.terminateSessions() : null,
    });
    return { evidence: { driver: 'undici', engine: 'undici', spreads: interpreted.spreads, controlLanded: interpreted.control.landed } };
  },
};
