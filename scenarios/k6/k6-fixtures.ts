// What the harness hands a k6 run (docs/scenarios.md under --engine k6): the businesses it seeded
// through /__fixtures, and the plan inputs, so every k6 process — one per execution segment, or
// one per pod under k6-operator — builds the same plan. Fixtures are never seeded from setup():
// k6 runs setup() in every segment, which would seed each business once per process.
import type { PageVariant, StrategyName } from '../scenario-plan.ts';

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
  return null;
}
