// The driver of scenario idempotency-key: each named check in turn, on a business of its own,
// every request recorded in the cell's history. A check that cannot be evaluated says why (ok:
// null; skipped too when the target lacks an optional fixture); one that throws is reported so instead of ending the cell, so the other checks and
// the invariants still speak (as Jepsen's check-safe turns a crashing checker into "unknown").
import { randomUUID } from 'node:crypto';
import type { ConformanceResult } from '../../../model/index.ts';
import { SINGLE_BUSINESS_CHECKS } from '../../../scenarios/index.ts';
import type { FixtureBusiness } from '../../target/target-client.ts';
import type { DriveContext, DriveOutcome, Driver } from '../driver.ts';
import type { CheckInput, CheckVerdict, ConformanceCheckDefinition } from './conformance-check.ts';
import { CONFORMANCE_CHECK_DEFINITIONS, usesOwnBusiness } from './conformance-checks.ts';
import { exchangeThrough } from './conformance-exchange.ts';

export const conformanceDriver: Driver = {
  name: 'conformance',
  async drive(context: DriveContext): Promise<DriveOutcome> {
    const conformance = await runConformanceChecks(context);
    return { evidence: { driver: 'undici', engine: 'undici', conformance } };
  },
};

export async function runConformanceChecks(context: DriveContext, checks: readonly ConformanceCheckDefinition[] = CONFORMANCE_CHECK_DEFINITIONS): Promise<ConformanceResult[]> {
  const own = checks.filter(usesOwnBusiness);
  const businesses = [...context.businesses.slice(0, Math.max(own.length, SINGLE_BUSINESS_CHECKS))];
  if (businesses.length < own.length) businesses.push(...(await context.seedBusinesses({ count: own.length - businesses.length })));
  const exchange = exchangeThrough(context);
  const results: ConformanceResult[] = [];
  let next = 0;
  for (const check of checks) {
    const business = usesOwnBusiness(check) ? businesses[next++]! : businesses[0]!;
    if (context.signal.aborted) {
      results.push({ check: check.name, ok: null, detail: 'not run: the run was interrupted', reference: check.reference });
      continue;
    }
    const input: CheckInput = {
      business,
      key: `conformance-${check.name}-${randomUUID()}`,
      exchange,
      admin: context.fake.admin,
      requestTimeoutMs: context.requestTimeoutMs,
      seedSharedOwner: (count) => context.seedBusinesses({ count, sharedOwner: true }),
      canRead: (target, token) => readsAs(context, target, token),
    };
    const verdict = await check.run(input).catch((error: unknown): CheckVerdict => ({ ok: null, detail: `the check could not run: ${(error as Error).message ?? String(error)}` }));
    results.push({ check: check.name, ok: verdict.ok, ...(verdict.skipped ? { skipped: true } : {}), detail: verdict.detail, reference: check.reference });
    const said = verdict.ok === true ? 'ok' : verdict.ok === false ? 'FAILED' : verdict.skipped ? 'skipped' : 'not evaluated';
    context.progress(`idempotency-key: ${check.name} ${said} — ${verdict.detail}`);
  }
  return results;
}

/** Whether `token` may read `business` (200), recorded in the history as a `conformance` read. */
async function readsAs(context: DriveContext, business: FixtureBusiness, token: string): Promise<boolean> {
  const url = `${context.fleet.urls[0]!}/api/businesses/${encodeURIComponent(business.id)}`;
  const pending = context.history.invoke({ businessId: business.id, client: 'conformance', method: 'GET', path: new URL(url).pathname, instance: 0 });
  const response = await context.engine.send({ url, method: 'GET', headers: { authorization: `Bearer ${token}` } }, { timeoutMs: context.requestTimeoutMs, signal: context.signal });
  pending.exchanged(response);
  return response.status === 200;
}
