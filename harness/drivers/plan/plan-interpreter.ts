import { setTimeout as delay } from 'node:timers/promises';
import type { FakeTwilioAdmin, FaultRule, LedgerEvent } from '../../../fake-twilio/index.ts';
import type { PlanPhase, PlannedRequest, ScenarioPlan, TrackAction } from '../../../scenarios/index.ts';
import { resolveKey } from '../../../scenarios/index.ts';
import { spreadMs, type BurstEngine, type EngineResponse } from '../../engines/index.ts';
import type { HistoryRecorder, PendingOperation } from '../../history/index.ts';
import type { FixtureBusiness } from '../../target/target-client.ts';
import type { TargetFleet } from '../../target/target-fleet.ts';
import type { BurstSpread } from '../driver-evidence.ts';
import { onboardingInvoke, onboardingRequest } from '../onboarding-request.ts';

// Runs a scenario plan against a target: phases one after another, the tracks of a phase
// concurrently, the actions of a track in order. Fault windows are found through the fake's
// events (a purchase committed and its response paused), never by sleeping.

export interface InterpreterContext {
  plan: ScenarioPlan;
  businesses: readonly FixtureBusiness[];
  fleet: TargetFleet;
  engine: BurstEngine;
  admin: FakeTwilioAdmin;
  /** Terminates every session of the target's database; null when the harness has no database control. */
  terminateDbSessions: (() => Promise<number>) | null;
  history: HistoryRecorder;
  seed: number;
  requestTimeoutMs: number;
  signal: AbortSignal;
  progress?: (done: number) => void;
  /**
   * Staggered release: how long after a business's burst left the next one may go — how long a
   * burst took to arrive at this target, measured by the warm-up; absent: STAGGER_GAP_MS.
   */
  staggerGapMs?: number;
}

/** The gap between staggered bursts where no warm-up measured one (the target sends no X-Arrival-Ns). */
export const STAGGER_GAP_MS = 10;
/**
 * A staggered burst waits this long between its rendezvous and its release (the engine's default
 * is 1 ms), so the app has parsed every prefix before the final bytes: one burst at a time can
 * afford it (idempotent, 20 businesses: in-app max 5.2 ms at 1 ms, 2.0 ms at 5 ms).
 */
const STAGGER_SETTLE_MS = 5;

/** Control faults (SIGKILL, terminated sessions) that hit a paused purchase, by `kind:business`. */
export interface LandedControlFaults {
  landed: Set<string>;
}

export interface InterpretResult {
  control: LandedControlFaults;
  spreads: BurstSpread[];
}

const PAUSE_WAIT_MS = 30_000;

const spread = (values: bigint[]): number => spreadMs(values) ?? 0;

export async function interpretPlan(ctx: InterpreterContext): Promise<InterpretResult> {
  const control: LandedControlFaults = { landed: new Set() };
  const spreads: BurstSpread[] = [];
  let burstCounter = 0;
  let completed = 0;

  const business = (index: number) => ctx.businesses[index]!;
  // Each request is invoked in the history before it is sent, so ids follow invoke order.
  const request = (planned: PlannedRequest, burst: number | null) => {
    const b = business(planned.business);
    const key = resolveKey(planned.key, b.id);
    const engineRequest = onboardingRequest(ctx.fleet.urls[planned.instance % ctx.fleet.urls.length]!, b, key, ctx.plan.areaCode);
    const operation = ctx.history.invoke(onboardingInvoke(engineRequest, {
      business: b, instance: planned.instance, client: planned.client, key, burst,
      fault: planned.abortAfterSendMs !== undefined ? 'client-abort' : null,
    }));
    return { engineRequest, operation };
  };
  const record = (operation: PendingOperation, response: EngineResponse) => {
    operation.exchanged(response);
    ctx.progress?.(++completed);
  };

  const sendBurst = async (requests: PlannedRequest[], onReleased: () => void, staggered: boolean) => {
    const burst = burstCounter++;
    const built = requests.map((planned) => request(planned, burst));
    const result = await ctx.engine.burst(built.map((r) => r.engineRequest), {
      timeoutMs: ctx.requestTimeoutMs, signal: ctx.signal, onReleased, ...(staggered ? { settleBeforeReleaseMs: STAGGER_SETTLE_MS } : {}),
    });
    built.forEach((r, i) => record(r.operation, result.responses[i]!));
    const byBusiness = new Map<number, EngineResponse[]>();
    requests.forEach((planned, i) => byBusiness.set(planned.business, [...(byBusiness.get(planned.business) ?? []), result.responses[i]!]));
    for (const [b, responses] of byBusiness) {
      const arrivals = responses.map((r) => r.arrivalNs);
      spreads.push({
        business: business(b).id,
        sendSpreadMs: spread(responses.filter((r) => r.sendNs > 0n).map((r) => r.sendNs)),
        arrivalSpreadMs: arrivals.every((a) => a !== null) ? spread(arrivals as bigint[]) : null,
      });
    }
  };

  const runPhase = async (phase: PlanPhase) => {
    const rules: FaultRule[] = phase.twilioFaults.map((fault) => ({
      operation: 'purchase',
      kind: fault.kind,
      times: fault.times,
      friendlyName: `business:${business(fault.business).id}`,
      ...(fault.status !== undefined ? { status: fault.status } : {}),
      ...(fault.retryAfterS !== undefined ? { retryAfterS: fault.retryAfterS } : {}),
    }));
    await ctx.admin.setFaults({ seed: ctx.seed, rules });
    const { last: eventCursor } = await ctx.admin.waitForEvents(Number.MAX_SAFE_INTEGER, 0).catch(() => ({ last: 0 }));
    const phaseStart = performance.now();
    // The paused purchase of each business in this phase, by ledger seq.
    const paused = new Map<number, number>();
    const killedWhilePaused = (kind: string) => {
      for (const b of paused.keys()) control.landed.add(`${kind}:${b}`);
    };

    const runTrack = async (track: TrackAction[]) => {
      const fired: Promise<void>[] = [];
      for (const action of track) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        switch (action.do) {
          case 'burst': {
            const groups = action.release === 'staggered' ? byConsecutiveBusiness(action.requests) : [action.requests];
            const sent: Promise<void>[] = [];
            for (const group of groups) {
              if (ctx.signal.aborted) throw ctx.signal.reason;
              let released: () => void = () => {};
              const left = new Promise<void>((resolve) => (released = resolve));
              const answered = sendBurst(group, released, action.release === 'staggered');
              sent.push(answered);
              // The next business's burst once this one has left and had the time it takes to
              // arrive (or at once when it failed before release).
              if (groups.length > 1) {
                await Promise.race([left, answered]);
                await delay(ctx.staggerGapMs ?? STAGGER_GAP_MS, undefined, { signal: ctx.signal });
              }
            }
            await Promise.all(sent);
            break;
          }
          case 'fire': {
            const planned = action.request;
            const { engineRequest, operation } = request(planned, null);
            fired.push(ctx.engine.send(engineRequest, {
              timeoutMs: ctx.requestTimeoutMs,
              signal: ctx.signal,
              ...(planned.abortAfterSendMs !== undefined ? { abortAfterSendMs: planned.abortAfterSendMs } : {}),
            }).then((response) => record(operation, response)));
            break;
          }
          case 'await-fired':
            await Promise.all(fired.splice(0));
            break;
          case 'wait':
            await delay(action.ms, undefined, { signal: ctx.signal });
            break;
          case 'wait-until': {
            const left = action.atMs - (performance.now() - phaseStart);
            if (left > 0) await delay(left, undefined, { signal: ctx.signal });
            break;
          }
          case 'await-paused': {
            const friendlyName = `business:${business(action.business).id}`;
            const event = await ctx.admin.waitFor(
              (e: LedgerEvent) => e.type === 'purchase.paused' && e.purchase?.friendlyName === friendlyName,
              PAUSE_WAIT_MS,
              eventCursor,
            ).catch(() => null);
            if (event?.purchase) paused.set(action.business, event.purchase.seq);
            break;
          }
          case 'kill-instance':
            if (!ctx.fleet.controllable) break;
            await ctx.fleet.kill(action.instance);
            killedWhilePaused('sigkill-while-paused');
            break;
          case 'restart-instance':
            if (ctx.fleet.controllable) await ctx.fleet.restart(action.instance);
            break;
          case 'terminate-db-sessions': {
            if (!ctx.terminateDbSessions) break;
            const terminated = await ctx.terminateDbSessions();
            if (terminated > 0) killedWhilePaused('db-sessions-killed-while-paused');
            break;
          }
          case 'release-paused': {
            const seq = paused.get(action.business);
            if (seq !== undefined) await ctx.admin.releasePaused(seq).catch(() => {});
            break;
          }
        }
      }
      await Promise.all(fired);
    };

    try {
      await Promise.all(phase.tracks.map(runTrack));
    } finally {
      await ctx.admin.setFaults({ rules: [] }).catch(() => {});
      // Nothing stays paused past its phase, whatever happened in it.
      await ctx.admin.releasePaused().catch(() => {});
    }
  };

  for (const phase of ctx.plan.phases) await runPhase(phase);
  return { control, spreads };
}

/** The requests of each business, in the order the plan lists them (the plan's seeded order). */
function byConsecutiveBusiness(requests: PlannedRequest[]): PlannedRequest[][] {
  const groups: PlannedRequest[][] = [];
  for (const planned of requests) {
    const last = groups.at(-1);
    if (last && last[0]!.business === planned.business) last.push(planned);
    else groups.push([planned]);
  }
  return groups;
}
