import type { Ledger } from '../../fake-twilio/index.ts';
import type { Operation } from '../../model/index.ts';
import type { ScenarioPlan } from '../../scenarios/index.ts';
import { onboardingInvoke, onboardingRequest } from '../drivers/onboarding-request.ts';
import type { BurstEngine, EngineResponse } from '../engines/index.ts';
import type { HistoryRecorder } from '../history/index.ts';
import { scopeToBusinesses, type Tagged } from '../invariants/attribution.ts';
import { seedBusinesses, type FixtureBusiness } from '../target/target-client.ts';

// Warm-up (docs/scenarios.md): before the measured bursts, bursts on extra businesses that are
// not judged, so the first judged burst meets a target in its steady state — code paths run
// (JIT), its database pool's connections open — instead of a cold one. Recorded in the history as
// client `warm-up`; their operations and their purchases are set apart before any checker runs.

/** The whole warm-up gives up after this long (a slow target is then measured as it is). */
const WARM_UP_BUDGET_MS = 15_000;
/**
 * The staggered gap measured from the warm-up is kept within these bounds. At least 10 ms: a burst
 * that has arrived still keeps the app busy (queries, the Twilio call); at 1 ms the next burst
 * landed on that work (check-then-act target, 20 seeds: in-app p50 2.8 ms at ≥ 1 ms, 0.7 at ≥ 10).
 */
const GAP_MIN_MS = 10;
const GAP_MAX_MS = 40;

export interface WarmUpInput {
  plan: ScenarioPlan;
  urls: readonly string[];
  engine: BurstEngine;
  history: HistoryRecorder;
  requestTimeoutMs: number;
  signal: AbortSignal;
}

export interface WarmedUp {
  /** The warm-up businesses: seeded, sent to, never judged. */
  businesses: FixtureBusiness[];
  requests: number;
  /**
   * Four times the time the last (lone) warm-up burst took from its first send to its last arrival at
   * the target (X-Arrival-Ns), within [10, 40] ms: the staggered release's gap. null: not stamped.
   */
  staggerGapMs: number | null;
}

export async function warmUp(input: WarmUpInput): Promise<WarmedUp> {
  const spec = input.plan.warmUp;
  if (!spec || spec.bursts < 1) return { businesses: [], requests: 0, staggerGapMs: null };
  const businesses = await seedBusinesses(input.urls[0]!, { count: spec.bursts, areaCode: input.plan.areaCode });
  const signal = AbortSignal.any([input.signal, AbortSignal.timeout(WARM_UP_BUDGET_MS)]);
  let requests = 0;
  const fire = async (group: FixtureBusiness[]) => {
    const built = group.flatMap((business) => Array.from({ length: spec.concurrency }, (_, i) => {
      const instance = i % input.urls.length;
      const request = onboardingRequest(input.urls[instance]!, business, null, input.plan.areaCode);
      return { request, operation: input.history.invoke(onboardingInvoke(request, { business, instance, client: 'warm-up', key: null })) };
    }));
    requests += built.length;
    const result = await input.engine.burst(built.map((b) => b.request), { timeoutMs: input.requestTimeoutMs, signal });
    built.forEach((b, i) => b.operation.exchanged(result.responses[i]!));
    return result.responses;
  };
  // All but one together (the pool opens as many connections as it will), then one alone, whose
  // arrival says how long a burst takes to land in this target when it has the target to itself.
  if (businesses.length > 1) await fire(businesses.slice(0, -1));
  const alone = signal.aborted ? [] : await fire(businesses.slice(-1));
  input.signal.throwIfAborted();
  return { businesses, requests, staggerGapMs: gapFrom(alone) };
}

function gapFrom(responses: EngineResponse[]): number | null {
  const sent = responses.filter((r) => r.sendNs > 0n).map((r) => r.sendNs);
  const arrived = responses.map((r) => r.arrivalNs);
  if (sent.length === 0 || arrived.some((a) => a === null)) return null;
  const landedMs = Number((arrived as bigint[]).reduce((a, b) => (a > b ? a : b)) - sent.reduce((a, b) => (a < b ? a : b))) / 1e6;
  return Math.min(GAP_MAX_MS, Math.max(GAP_MIN_MS, Math.ceil(4 * landedMs)));
}

/**
 * The evidence the checkers judge: without the warm-up's operations, and without its purchases,
 * releases and numbers (attributed to a warm-up business as any purchase is, docs/invariants.md),
 * so a warm-up business can be neither a violation nor an orphan.
 */
export function withoutWarmUp<N extends Tagged & { sid: string }>(
  warm: readonly FixtureBusiness[],
  evidence: { history: Operation[]; ledger: Ledger; numbers: N[] },
): { history: Operation[]; ledger: Ledger; numbers: N[] } {
  if (warm.length === 0) return evidence;
  return scopeToBusinesses('without', new Set(warm.map((b) => b.id)), evidence);
}
