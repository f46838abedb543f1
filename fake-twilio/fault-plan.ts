// The fault plan (docs/fake-twilio.md): validated once at the edge with zod, then evaluated per call.
// Rules are checked in order; `latency` and `list-lag` rules combine with anything, and at most
// one outcome fault (error / fail-before-commit / commit-then-*) fires per call.
import { z } from 'zod';
import type { FaultKind, FaultPlan, FaultRule, LatencySpec, TwilioOperation } from './types.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';
import { TwilioApiError } from './twilio-error.ts';

const latencySpec = z.union([
  z.number().nonnegative().max(600_000),
  // A lognormal needs a positive median (0 made every draw NaN) and a p99 at or above it (below
  // it, the spread would be negative): both are a 400 naming the field, never a silent 0/NaN.
  z
    .strictObject({
      medianMs: z.number().positive({ message: 'medianMs must be greater than 0 (for no added latency, use latencyMs: 0)' }).max(600_000),
      p99Ms: z.number().positive().max(600_000),
    })
    .refine((spec) => spec.p99Ms >= spec.medianMs, { path: ['p99Ms'], message: 'p99Ms must be at least medianMs' }),
]);

const faultRule = z
  .strictObject({
    operation: z.enum(['search', 'purchase', 'list', 'fetch', 'update', 'release', '*']),
    kind: z.enum(['latency', 'error', 'fail-before-commit', 'commit-then-drop', 'commit-then-hang', 'commit-then-pause', 'list-lag']),
    times: z.number().int().positive().optional(),
    probability: z.number().min(0).max(1).optional(),
    friendlyName: z.string().min(1).optional(),
    status: z.union([z.literal(500), z.literal(503), z.literal(429)]).optional(),
    retryAfterS: z.number().int().nonnegative().max(86_400).optional(),
    latencyMs: latencySpec.optional(),
    hangMs: z.number().int().nonnegative().max(600_000).optional(),
    lagMs: z.number().int().nonnegative().max(600_000).optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.kind === 'error' && rule.status === undefined) ctx.addIssue({ code: 'custom', path: ['status'], message: 'an error rule needs status 500, 503 or 429' });
    if (rule.kind === 'latency' && rule.latencyMs === undefined) ctx.addIssue({ code: 'custom', path: ['latencyMs'], message: 'a latency rule needs latencyMs' });
    if (rule.kind === 'list-lag' && rule.lagMs === undefined) ctx.addIssue({ code: 'custom', path: ['lagMs'], message: 'a list-lag rule needs lagMs' });
  });

const faultPlan = z.strictObject({ seed: z.number().int().optional(), rules: z.array(faultRule).max(1000) });

/** Parses a plan from untrusted JSON; a bad field → 400 whose message names the field path (e.g. `rules.0.status`). */
export function parseFaultPlan(input: unknown): FaultPlan {
  const result = faultPlan.safeParse(input);
  if (result.success) return result.data as FaultPlan;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String).join('.') || '(plan)';
  throw new TwilioApiError(400, 20001, `Invalid fault plan: ${path}: ${issue.message}`);
}

export type OutcomeKind = Exclude<FaultKind, 'latency' | 'list-lag'>;

/** What the plan decided for one call. */
export interface FaultDecision {
  /** Milliseconds added to the call's normal latency. */
  extraLatencyMs: number;
  /** The outcome fault, with its rule (for status, hangMs…). */
  outcome: { kind: OutcomeKind; rule: FaultRule } | null;
  /** `list-lag`: how long a number bought by this call stays out of lists. */
  listLagMs: number;
  /** The kinds that fired, for the ledger's `fault` field (`error:503`, `latency`…). */
  fired: string[];
}

export interface FaultCall {
  operation: TwilioOperation;
  friendlyName: string | null;
}

/** A plan in force: counts down `times` and draws probabilities from the plan's own seeded source. */
export class FaultPlanner {
  private readonly remaining: (number | undefined)[];
  private readonly random: SeededRandom;

  constructor(
    readonly plan: FaultPlan,
    defaultSeed: number,
  ) {
    this.remaining = plan.rules.map((r) => r.times);
    this.random = createSeededRandom(plan.seed ?? defaultSeed);
  }

  /** The plan with how many `times` each rule has left, for GET /__admin/faults. */
  describe(): FaultPlan & { remaining: (number | null)[] } {
    return { ...this.plan, remaining: this.remaining.map((r) => r ?? null) };
  }

  decide(call: FaultCall): FaultDecision {
    const decision: FaultDecision = { extraLatencyMs: 0, outcome: null, listLagMs: 0, fired: [] };
    this.plan.rules.forEach((rule, i) => {
      // A list-lag rule acts on the purchase that creates the number, whether written for `purchase`, `list` or `*`.
      const applies =
        rule.kind === 'list-lag'
          ? call.operation === 'purchase' && ['purchase', 'list', '*'].includes(rule.operation)
          : rule.operation === '*' || rule.operation === call.operation;
      if (!applies) return;
      if (rule.friendlyName !== undefined && rule.friendlyName !== call.friendlyName) return;
      const isOutcome = rule.kind !== 'latency' && rule.kind !== 'list-lag';
      if (isOutcome && decision.outcome) return;
      if (this.remaining[i] === 0) return;
      if (rule.probability !== undefined && !(this.random.next() < rule.probability)) return;
      if (this.remaining[i] !== undefined) this.remaining[i]!--;
      if (rule.kind === 'latency') {
        decision.extraLatencyMs += sampleLatency(rule.latencyMs ?? 0, this.random);
        decision.fired.push('latency');
      } else if (rule.kind === 'list-lag') {
        decision.listLagMs = Math.max(decision.listLagMs, rule.lagMs ?? 0);
        decision.fired.push('list-lag');
      } else {
        decision.outcome = { kind: rule.kind, rule };
        decision.fired.push(rule.kind === 'error' ? `error:${rule.status}` : rule.kind);
      }
    });
    return decision;
  }
}

export function sampleLatency(spec: LatencySpec, random: SeededRandom): number {
  return typeof spec === 'number' ? spec : random.lognormal(spec.medianMs, spec.p99Ms);
}
