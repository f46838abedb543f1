// What the harness hands a k6 run (docs/scenarios.md under --engine k6): the businesses it seeded
// through /__fixtures, and the plan inputs, so every k6 process — one per execution segment, or
// one per pod under k6-operator — builds the same plan. Fixtures are never seeded from setup():
// k6 runs setup() in every segment, which would seed each business once per process.
import type { PageVariant, StrategyName } from '../scenario-plan.ts';
import type { K6LoadStage, K6ThresholdSpec } from './load-profile.ts';

export interface K6Business {
  id: string;
  name: string;
  ownerToken: string;
}

export interface K6Fixtures {
  version: 1;
  /** Which script these were seeded for, e.g. `concurrent-burst`. */
  scenario: string;
  seed: number;
  strategy: StrategyName;
  variant: PageVariant;
  areaCode: string;
  /** Simultaneous requests per business, when the scenario has bursts. */
  concurrency?: number;
  /** Unix epoch ms at which every segment releases its first requests together (optional). */
  startAtMs?: number;
  businesses: K6Business[];
  /** sustained-load: the profile and, per arrival (= business index), what it sends. */
  load?: K6LoadPlan;
}

export type K6DuplicateKind = 'double-click' | 'second-tab' | 'retry-after-timeout';

/** One arrival, as the harness's load driver plans it (harness/drivers/load, planArrival). */
export interface K6Arrival {
  client: string;
  /** Idempotency-Key of the first request (`{business}` resolved at send time). */
  key: string | null;
  duplicate: {
    kind: K6DuplicateKind;
    /** double-click / second-tab: after the first was sent; retry: after the first timed out. */
    delayMs: number;
    key: string | null;
    /** retry-after-timeout: how long the client waits for the first answer. */
    clientTimeoutMs?: number;
  } | null;
}

export interface K6LoadPlan {
  stages: K6LoadStage[];
  maxInFlight: number;
  thresholds: K6ThresholdSpec[];
  abortOnFail: boolean;
  /** arrivals[i] is what arrival i (k6's iterationInTest) sends for businesses[i]. */
  arrivals: K6Arrival[];
}

/** Checks the parsed file; returns a message naming the first problem, or null. */
export function fixturesProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'the fixtures file is not a JSON object';
  const f = value as Partial<K6Fixtures>;
  if (f.version !== 1) return `fixtures version ${String(f.version)} is not 1`;
  if (typeof f.seed !== 'number' || !Number.isInteger(f.seed)) return 'fixtures.seed must be an integer';
  if (typeof f.areaCode !== 'string') return 'fixtures.areaCode must be a string';
  if (!Array.isArray(f.businesses) || f.businesses.length === 0) return 'fixtures.businesses must be a non-empty array';
  for (const b of f.businesses) {
    if (typeof b?.id !== 'string' || typeof b.ownerToken !== 'string') return 'each business needs a string id and ownerToken';
  }
  if (f.load !== undefined) {
    const load = f.load as Partial<K6LoadPlan>;
    if (!Array.isArray(load.stages) || load.stages.length === 0) return 'fixtures.load.stages must be a non-empty array';
    if (typeof load.maxInFlight !== 'number') return 'fixtures.load.maxInFlight must be a number';
    if (!Array.isArray(load.arrivals) || load.arrivals.length !== f.businesses.length) return 'fixtures.load.arrivals must plan one arrival per business';
    if (!Array.isArray(load.thresholds)) return 'fixtures.load.thresholds must be an array';
  }
  return null;
}
