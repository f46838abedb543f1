import { resolveKey } from '../../../scenarios/index.ts';
import type { EngineResponse } from '../../engines/index.ts';
import type { FixtureBusiness } from '../../target/target-client.ts';
import type { DriveContext } from '../driver.ts';
import { onboardingInvoke, onboardingRequest } from '../onboarding-request.ts';
import type { ArrivalPlan } from './duplicate-plan.ts';
import type { LoadClock } from './load-clock.ts';
import type { LoadStats } from './load-stats.ts';

// One arrival's iteration: the business's first onboarding request and, when its plan says so, the
// duplicate a person adds — every request recorded through the cell's one history recorder.

export type IterationContext = Pick<DriveContext, 'history' | 'engine' | 'fleet' | 'plan' | 'requestTimeoutMs' | 'signal'> & {
  /**
   * Aborts the requests already sent. Not the run's signal: on Ctrl-C a request in flight is let
   * finish (within the driver's drain bound), so the app's state it leaves is whole when judged;
   * the run's signal only stops new requests (duplicates, retries).
   */
  inFlightSignal: AbortSignal;
};

/** Marks the retry client's first request in the history: the harness gave up on it on purpose. */
export const CLIENT_TIMEOUT_FAULT = 'client-timeout';

export async function runIteration(context: IterationContext, business: FixtureBusiness, plan: ArrivalPlan, stats: LoadStats, clock: LoadClock): Promise<void> {
  const urls = context.fleet.urls;
  const instance = plan.index % urls.length;
  const duplicate = plan.duplicate;
  const retry = duplicate?.kind === 'retry-after-timeout' ? duplicate : null;
  const first = send(context, business, plan.key, instance, stats, retry?.clientTimeoutMs);
  if (duplicate === null) {
    await first;
    return;
  }
  if (retry) {
    const answer = await first;
    // The person retries only when the client gave up; an answer (any status) ends the attempt.
    if (answer.status !== null || answer.error !== 'timeout' || context.signal.aborted) return;
    await clock.sleepUntil(clock.now() + retry.delayMs, context.signal);
    if (context.signal.aborted) return;
    await send(context, business, retry.key, instance, stats);
    return;
  }
  await clock.sleepUntil(clock.now() + duplicate.delayMs, context.signal);
  // A second tab may be served by another instance behind a load balancer; a double-click is not.
  const otherInstance = duplicate.kind === 'second-tab' ? (instance + 1) % urls.length : instance;
  const second = context.signal.aborted ? null : send(context, business, duplicate.key, otherInstance, stats);
  await Promise.all([first, second]);
}

async function send(context: IterationContext, business: FixtureBusiness, plannedKey: string | null, instance: number, stats: LoadStats, clientTimeoutMs?: number): Promise<EngineResponse> {
  const key = resolveKey(plannedKey, business.id);
  const request = onboardingRequest(context.fleet.urls[instance]!, business, key, context.plan.areaCode);
  const deliberate = clientTimeoutMs !== undefined;
  const operation = context.history.invoke(onboardingInvoke(request, {
    business, instance, client: 'load', key, fault: deliberate ? CLIENT_TIMEOUT_FAULT : null,
  }));
  const response = await context.engine.send(request, { timeoutMs: clientTimeoutMs ?? context.requestTimeoutMs, signal: context.inFlightSignal });
  operation.exchanged(response);
  const sentNs = response.sendNs > 0n ? response.sendNs : response.invokeNs;
  stats.observe({
    status: response.status,
    error: response.error,
    latencyMs: Number(response.completeNs - sentNs) / 1e6,
    deliberateTimeout: deliberate,
  });
  return response;
}
