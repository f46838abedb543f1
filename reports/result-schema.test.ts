// result.json is a public contract: hand-made results of each kind must validate against the
// published schema, and malformed ones must not. The samples are typed as RunResult, so a change
// to result-types.ts that the schema does not follow fails here: the full samples are typed with
// Required<…>, so a new optional field must appear in them (tsc), and then in the schema (ajv).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { reportFixture, type FixtureKind } from './fixtures.ts';
import type { RunResult, ScenarioResult, Violation } from '../model/index.ts';

const schema = JSON.parse(readFileSync(new URL('./result.schema.json', import.meta.url), 'utf8')) as object;
// ajv-formats is CommonJS with a default export: depending on the loader it arrives wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
const validate = ajv.compile(schema);

const passingCell: Required<ScenarioResult> = {
  name: 'concurrent-burst',
  strategy: 'idempotent',
  variant: 'mixed',
  target: 'built-in',
  engine: 'undici',
  driver: 'undici',
  verdict: 'pass',
  expected: 'pass',
  expectedBroken: [],
  attempts: 1,
  skipReason: null,
  businesses: 20,
  requests: 120,
  invariants: [
    { code: 'EXACTLY_ONE_PURCHASE', held: true, reason: null, violations: [] },
    { code: 'WEBHOOKS_CONSISTENT', held: null, reason: 'PUBLIC_BASE_URL of the target is unknown', violations: [] },
  ],
  twilio: { purchases: 20, committed: 20, active: 20, released: 0, orphans: 0 },
  latencyMs: { p50: 412.5, p95: 980, p99: 1420.2, max: 1511 },
  burst: { size: 5, bursts: 20, sendSpreadMs: { p50: 0.4, max: 1.2 }, arrivalSpreadMs: { p50: 0.6, max: 1.9 } },
  faults: [],
  conformance: [
    { check: 'replay', ok: true, detail: 'the repeat was answered exactly as the first: 200 +18285550101', reference: 'draft-ietf-httpapi-idempotency-key-header-06 §2.6' },
    { check: 'other-business', ok: null, skipped: true, detail: 'the target has no fixtures `sharedOwner`', reference: 'draft-ietf-httpapi-idempotency-key-header-06 §2.2' },
  ],
  expectedFailingChecks: [],
  load: {
    stages: [{ durationS: 5, target: 10 }, { durationS: 10, target: 10 }], achievedRatePerS: 8.3, arrivals: 125, dropped: 0, maxInFlight: 200,
    latencyMs: { p50: 420, p90: 900, p95: 1100, p99: 1500, max: 1800 },
    thresholds: [{ expression: 'p95<1500', value: 1100, ok: true }],
    series: [{ t: 1, arrivals: 2, completed: 1, inFlight: 1, p95Ms: 400, purchases: 1, violations: 0, p50Ms: 200, p99Ms: 600, dropped: 0 }],
    startedAtNs: '5000000000000',
  },
  exploration: {
    strategy: 'dfs', requests: 2, bound: 2, faults: 1, budget: { schedules: 300, ms: 60_000 }, schedules: 3, distinctInterleavings: 3, blockedSteps: 1, exhausted: false,
    firstFailing: { id: 'no-key:r0a1b2c3d.r1a1b2c3d', index: 3 },
    minimal: { id: 'no-key:r0a1b2c3d.r1a1b2c3d', steps: [{ lane: 0, kind: 'arrival', detail: 'POST onboarding', how: 'alone', blocked: false }, { lane: 1, kind: 'sql', detail: 'SELECT phone_number FROM businesses WHERE id = ?', how: 'together', blocked: true }] },
    behaviours: [{ client: 'no-key', schedules: 3, exhausted: false, stoppedBy: 'violation', firstFailing: 'no-key:r0a1b2c3d.r1a1b2c3d', violations: ['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS'] }],
    capped: 0, stalled: 0, divergence: null, deadlocks: 0, divergences: 0, ms: 4200,
  },
  warmUp: { businesses: ['w1', 'w2'], requests: 10, staggerGapMs: 2 },
  durationMs: 5123,
  metrics: { lockWaits: 0 },
  error: null,
};

const fullViolation: Required<Violation> = {
  businessId: 'b1',
  detail: '5 committed purchases: +18285550101 (seq 1), …',
  operations: [1, 2, 3, 4, 5],
  ledger: [1, 2, 3, 4, 5],
};

const passResult: Required<RunResult> = {
  version: 1,
  command: 'gate',
  argv: ['gate', '--seed', '42'],
  rerun: 'npx exactly-one gate --seed 42',
  startedAt: '2026-11-29T16:00:00.000Z',
  durationMs: 41_000,
  verdict: 'pass',
  environment: { node: 'v20.20.0', postgres: '17.10', os: 'linux x64', seed: 42, engine: 'undici', browser: 'chromium 131' },
  scenarios: [passingCell],
  error: null,
  interrupted: false,
};

const failResult: RunResult = {
  ...passResult,
  command: 'reproduce',
  verdict: 'fail',
  environment: { ...passResult.environment, browser: null, postgres: null },
  scenarios: [
    {
      ...passingCell,
      name: 'incident-replay',
      strategy: 'naive',
      variant: 'buggy',
      verdict: 'fail',
      expected: 'fail',
      expectedBroken: ['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS'],
      attempts: 1,
      businesses: 1,
      requests: 5,
      invariants: [
        {
          code: 'EXACTLY_ONE_PURCHASE',
          held: false,
          reason: null,
          violations: [fullViolation],
        },
        { code: 'NO_ORPHANS', held: false, reason: null, violations: [{ businessId: 'b1', detail: '4 active number(s) …' }] },
      ],
      twilio: { purchases: 5, committed: 5, active: 5, released: 0, orphans: 4 },
      burst: { size: 1, bursts: 5, sendSpreadMs: { p50: 0, max: 0 }, arrivalSpreadMs: null },
      faults: [{ kind: 'commit-then-drop', planned: 4, landed: 4 }],
    },
    { ...passingCell, name: 'rapid-clicks', driver: 'chromium', verdict: 'skipped', expected: null, attempts: 0, skipReason: 'no Chromium found', invariants: [], burst: null },
  ],
};

/** A deep copy with one change, to show exactly which malformation the schema rejects. */
function broken(mutate: (r: Record<string, any>) => void): unknown {
  const copy = structuredClone(failResult) as Record<string, any>;
  mutate(copy);
  return copy;
}

describe('result.schema.json', () => {
  it('accepts a passing and a failing result', () => {
    expect(validate(passResult), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate(failResult), ajv.errorsText(validate.errors)).toBe(true);
  });

  // 'large' is the pass shape at 1,000 businesses: slow to build, nothing new for the schema.
  it.each<FixtureKind>(['pass', 'fail', 'error', 'skipped', 'matrix', 'incident'])('accepts the report fixture of a %s run', (kind) => {
    const { result } = reportFixture(kind);
    expect(validate(result), ajv.errorsText(validate.errors)).toBe(true);
  });

  it.each([
    ['a missing top-level field', (r: Record<string, any>) => delete r.rerun],
    ['a wrong version', (r: Record<string, any>) => (r.version = 2)],
    ['an unknown verdict', (r: Record<string, any>) => (r.verdict = 'flaky')],
    ['a date that is not ISO 8601', (r: Record<string, any>) => (r.startedAt = 'yesterday')],
    ['an unknown invariant code', (r: Record<string, any>) => (r.scenarios[0].invariants[0].code = 'ONE_NUMBER')],
    ['held: false without a violation', (r: Record<string, any>) => (r.scenarios[0].invariants[0].violations = [])],
    ['held: null without a reason', (r: Record<string, any>) => Object.assign(r.scenarios[0].invariants[0], { held: null, violations: [] })],
    ['an unknown driver', (r: Record<string, any>) => (r.scenarios[0].driver = 'curl')],
    ['a negative count', (r: Record<string, any>) => (r.scenarios[0].twilio.orphans = -1)],
    ['a field not in the contract', (r: Record<string, any>) => (r.scenarios[0].twilio.waste = 20)],
    ['a burst without its spreads', (r: Record<string, any>) => delete r.scenarios[0].burst.sendSpreadMs],
  ])('rejects %s', (_name, mutate) => {
    expect(validate(broken(mutate))).toBe(false);
  });
});
