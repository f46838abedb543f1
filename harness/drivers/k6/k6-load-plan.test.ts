// What --engine k6 hands sustained-load's script: one seeded business per scheduled arrival and the
// load driver's own plan for each, the same for a seed whatever runs it.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../scenarios/index.ts';
import { fixturesProblem } from '../../../scenarios/k6/k6-fixtures.ts';
import { loadSettingsOf, parseStages, type LoadStage } from '../../config/index.ts';
import { chooseDriver } from '../choose-driver.ts';
import { DUPLICATE_KINDS } from '../load/index.ts';
import { planK6Load } from './k6-load-plan.ts';

/** A stand-in for /__fixtures (a unit test: the real endpoint is the cell runner's). */
function seeder() {
  const requests: number[] = [];
  let n = 0;
  return {
    requests,
    seedBusinesses: async ({ count }: { count: number }) => {
      requests.push(count);
      return Array.from({ length: count }, () => ({ id: `b-${n}`, name: `Business ${n}`, ownerToken: `t-${n++}` }));
    },
  };
}
const stages = (text: string) => parseStages(text) as LoadStage[];

describe('planK6Load', () => {
  it('seeds one business per scheduled arrival, at most 1 000 a request, and plans each', async () => {
    const s = seeder();
    const cell = await planK6Load({ seed: 7, variant: 'fixed', seedBusinesses: s.seedBusinesses, load: loadSettingsOf({ stages: stages('0s:100,25s:100') }) });
    expect(s.requests).toEqual([1000, 1000, 500]);
    expect(cell.businesses).toHaveLength(2500);
    expect(cell.plan.arrivals).toHaveLength(2500);
    const duplicated = cell.plan.arrivals.filter((a) => a.duplicate !== null);
    expect(duplicated.length / 2500).toBeGreaterThan(0.25);
    expect(duplicated.length / 2500).toBeLessThan(0.35);
    expect(new Set(duplicated.map((a) => a.duplicate!.kind))).toEqual(new Set(DUPLICATE_KINDS));
    expect(duplicated.filter((a) => a.duplicate!.kind === 'retry-after-timeout').every((a) => a.duplicate!.clientTimeoutMs! >= 300)).toBe(true);
    expect(cell.plan).toMatchObject({ stages: [{ durationS: 0, target: 100 }, { durationS: 25, target: 100 }], maxInFlight: 200, thresholds: [], abortOnFail: false });
  });

  it('the default profile (125 arrivals); the same seed gives the same plan, another seed another', async () => {
    const plan = async (seed: number) => (await planK6Load({ seed, variant: 'rca-keys', seedBusinesses: seeder().seedBusinesses })).plan;
    const [a, b, c] = [await plan(3), await plan(3), await plan(4)];
    expect(a.arrivals).toHaveLength(125);
    expect(a).toEqual(b);
    expect(c.arrivals).not.toEqual(a.arrivals);
  });

  it('writes fixtures the script accepts, and the script refuses a plan that does not match the businesses', async () => {
    const cell = await planK6Load({ seed: 1, variant: 'fixed', seedBusinesses: seeder().seedBusinesses });
    const fixtures = { version: 1, scenario: 'sustained-load', seed: 1, strategy: 'idempotent', variant: 'fixed', areaCode: '828', businesses: cell.businesses, load: cell.plan };
    expect(fixturesProblem(JSON.parse(JSON.stringify(fixtures)))).toBeNull();
    expect(fixturesProblem({ ...fixtures, load: { ...cell.plan, arrivals: cell.plan.arrivals.slice(1) } })).toMatch(/one arrival per business/);
    expect(fixturesProblem({ ...fixtures, load: { ...cell.plan, stages: [] } })).toMatch(/stages/);
  });
});

describe('chooseDriver for sustained-load', () => {
  const request = { definition: SCENARIOS['sustained-load'], external: false, requireBrowser: false };
  it('--engine k6 hands it to k6; undici keeps the load driver; conformance stays the harness’s', () => {
    expect(chooseDriver({ ...request, engine: 'k6' }).driver.name).toBe('k6');
    expect(chooseDriver({ ...request, engine: 'undici' }).driver.name).toBe('load');
    expect(chooseDriver({ ...request, definition: SCENARIOS['idempotency-key'], engine: 'k6' }).driver.name).toBe('conformance');
  });
});
