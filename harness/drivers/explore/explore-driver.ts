// The driver of scenario interleavings (docs/interleavings.md): for each client behaviour in turn,
// the interleaving scheduler (harness/explore/) runs schedules of K onboarding requests of one
// fresh business against the real target, with the target's SQL held at the PostgreSQL proxy the
// cell runner put in front of its database and its Twilio calls held at the fake. Every request is
// recorded in the cell's one history as it is released; each schedule ends with the settle step
// for its business and is judged by the seven invariants on that business alone (so the search
// knows where to stop); the cell's verdict is then the checkers' over every business, as always.
import type { ExplorationBehaviour, ExplorationSummary, InvariantCode } from '../../../model/index.ts';
import { brokenCodes } from '../../../model/index.ts';
import { CLIENT_BEHAVIOURS, EXPLORE_CLAIM_LEASE_MS, keysFor, resolveKey, seededRandom } from '../../../scenarios/index.ts';
import { checkCell } from '../../checkers/index.ts';
import { exploreSettingsOf, formatSchedule, type ExploreSettings } from '../../config/explore-options.ts';
import { InterleavingScheduler, TargetSystem, type ExplorationResult, type ScheduleRecord } from '../../explore/index.ts';
import { scopeToBusinesses } from '../../invariants/index.ts';
import { settle } from '../../run/settle-step.ts';
import type { FixtureBusiness } from '../../target/target-client.ts';
import type { EngineRequest } from '../../engines/index.ts';
import { CellSkipped } from '../cell-skipped.ts';
import type { DriveContext, DriveOutcome, Driver } from '../driver.ts';
import { onboardingInvoke, onboardingRequest, parseAnswerBody } from '../onboarding-request.ts';

/** The settle step after one schedule: a kept claim lease to wait out, then the retry and its answer. */
const SCHEDULE_SETTLE_MS = EXPLORE_CLAIM_LEASE_MS + 3_000;
/**
 * The quiescence grace (harness/explore/quiescence.ts) on a real target. It only runs out where a
 * lane waits on something no hold can see (an in-process wait for another request, a timer), so a
 * generous one costs little: a lane that is merely slow to reach its next hold on a busy, shared
 * machine (measured here: up to ~500 ms while CI ran beside it) is waited for, not decided around
 * — deciding around it would make the search depend on timing.
 */
const TARGET_GRACE = { initialMs: 1_000, minMs: 1_000, maxMs: 1_500, factor: 4 };
/** A progress line at most this often during a long exploration. */
const PROGRESS_EVERY_MS = 5_000;

export const exploreDriver: Driver = {
  name: 'explore',
  async drive(context: DriveContext): Promise<DriveOutcome> {
    if (!context.proxy) {
      // The cell runner skips before anything starts when it cannot interpose (--target-url).
      throw new CellSkipped('no PostgreSQL proxy stands between the target and its database, so its statements cannot be held and their orders explored');
    }
    const settings = context.explore ?? exploreSettingsOf({});
    const exploration = await explore(context, settings);
    return { evidence: { driver: 'undici', engine: 'undici', exploration, metrics: { 'explore.schedules': exploration.schedules, 'explore.ms': exploration.ms ?? 0 } } };
  },
};

type Client = (typeof CLIENT_BEHAVIOURS)[number];

async function explore(context: DriveContext, settings: ExploreSettings): Promise<ExplorationSummary> {
  const started = performance.now();
  const clients: readonly Client[] = settings.schedule ? [settings.schedule.client] : CLIENT_BEHAVIOURS;
  const behaviours: ExplorationBehaviour[] = [];
  const results: { client: Client; result: ExplorationResult }[] = [];
  let failing: { client: Client; record: ScheduleRecord; index: number } | null = null;
  let divergence: ExplorationSummary['divergence'] = null;
  let used = 0;
  let deadlocks = 0;
  const random = seededRandom(context.seed);
  let lastProgress = performance.now();
  for (const [i, client] of clients.entries()) {
    if (context.signal.aborted) {
      behaviours.push({ client, schedules: 0, exhausted: false, stoppedBy: 'interrupted', firstFailing: null, violations: [] });
      continue;
    }
    // What is left of the budget, shared among the behaviours still to explore.
    const share = clients.length - i;
    const maxSchedules = Math.max(1, Math.floor((settings.budget.schedules - used) / share));
    const maxMs = Math.max(1, Math.floor((settings.budget.ms - (performance.now() - started)) / share));
    const system = scheduleSystem(context, settings, client, random, () => used + 1);
    const scheduler = new InterleavingScheduler(system, {
      lanes: settings.requests, bound: settings.bound, faults: settings.faults, maxSchedules, maxMs, exploreAll: settings.exploreAll, grace: TARGET_GRACE,
      onSchedule: (r) => {
        if (performance.now() - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = performance.now();
        context.progress(`interleavings: ${client}: ${r.index} schedule(s) so far, the last with ${r.preemptions} preemption(s) · ${Math.round((performance.now() - started) / 1000)} s`);
      },
    });
    context.progress(`interleavings: exploring ${client} (K = ${settings.requests}, bound ${settings.bound}, faults ${settings.faults}, up to ${maxSchedules} schedules or ${Math.round(maxMs / 1000)} s)`);
    if (settings.schedule) {
      const record = await scheduler.replay(settings.schedule.choices);
      used += 1;
      deadlocks += system.deadlocks;
      if (record.divergence) divergence = { index: record.divergence.index, expected: record.divergence.expected, available: record.divergence.available };
      if (record.violations.length > 0) failing = { client, record, index: 1 };
      behaviours.push({
        client, schedules: 1, exhausted: false, stoppedBy: 'replay', firstFailing: record.violations.length > 0 ? formatSchedule({ client, choices: record.id }) : null, violations: record.violations as InvariantCode[],
      });
      context.progress(`interleavings: replayed ${formatSchedule({ client, choices: record.id })}: ${record.divergence ? `diverged at decision ${record.divergence.index + 1} (expected ${record.divergence.expected}, offered ${record.divergence.available.join(' ') || 'nothing'})` : record.violations.length > 0 ? `broke ${record.violations.join(', ')}` : 'no violation'}`);
      continue;
    }
    const result = await scheduler.explore();
    const first = result.firstFailing;
    if (first && !failing) failing = { client, record: first, index: used + first.index };
    used += result.schedules;
    deadlocks += system.deadlocks;
    results.push({ client, result });
    behaviours.push({
      client, schedules: result.schedules, exhausted: result.exhausted, stoppedBy: result.stoppedBy,
      firstFailing: first ? formatSchedule({ client, choices: first.id }) : null, violations: (first?.violations ?? []) as InvariantCode[],
    });
    context.progress(`interleavings: ${client}: ${result.schedules} schedules (${result.perBound.join('/')} by preemptions), ${result.divergences ? `${result.divergences} divergence(s), ` : ''}${first ? `failing schedule ${first.index} broke ${first.violations.join(', ')}` : result.exhausted ? 'exhausted, no violation' : `budget spent (${result.stoppedBy}), no violation`}`);
    if (first) context.progress(`interleavings: replay it with --schedule ${formatSchedule({ client, choices: first.id })}`);
  }
  const id = failing ? formatSchedule({ client: failing.client, choices: failing.record.id }) : null;
  return {
    strategy: settings.strategy,
    requests: settings.requests,
    bound: settings.bound,
    faults: settings.faults,
    budget: { ...settings.budget },
    schedules: used,
    distinctInterleavings: settings.schedule ? used : results.reduce((n, r) => n + r.result.distinctInterleavings, 0),
    blockedSteps: results.reduce((n, r) => n + r.result.blockedSteps, 0) + (settings.schedule && failing ? failing.record.steps.filter((s) => s.blocked).length : 0),
    exhausted: !settings.schedule && behaviours.length > 0 && behaviours.every((b) => b.exhausted),
    firstFailing: failing && id ? { id, index: failing.index } : null,
    minimal: failing && id ? { id, steps: failing.record.steps.map((s) => ({ lane: s.lane, kind: s.kind, detail: s.detail, how: s.how, blocked: s.blocked })) } : null,
    behaviours,
    capped: results.reduce((n, r) => n + r.result.capped, 0),
    stalled: results.reduce((n, r) => n + r.result.stalled, 0),
    divergence,
    deadlocks,
    divergences: results.reduce((n, r) => n + r.result.divergences, 0),
    ms: Math.round(performance.now() - started),
  };
}

/** One client behaviour's schedules as an ExplorableSystem over the real target. */
function scheduleSystem(context: DriveContext, settings: ExploreSettings, client: Client, random: () => number, scheduleNo: () => number): TargetSystem {
  const urls = context.fleet.urls;
  const areaCode = context.plan.areaCode;
  let business: FixtureBusiness | undefined;
  let keys: (string | null)[] = [];
  let requests: EngineRequest[] = [];
  let schedule = 0;
  let count = 0;
  return new TargetSystem({
    proxy: context.proxy!.control,
    twilio: context.fake.admin,
    prepare: async () => {
      [business] = await context.seedBusinesses({ count: 1 });
      schedule = scheduleNo();
      keys = keysFor(client, context.variant, count++, settings.requests, random).map((key) => resolveKey(key, business!.id));
      requests = keys.map((key, lane) => onboardingRequest(urls[lane % urls.length]!, business!, key, areaCode));
      return requests;
    },
    onRelease: (lane, arrival) => {
      const pending = context.history.invoke(onboardingInvoke(requests[lane]!, { business: business!, instance: lane % urls.length, client, key: keys[lane] ?? null, burst: schedule }));
      arrival.response.then(
        // An empty body is kept as no body, as before.
        (r) => pending.complete({ status: r.status, body: parseAnswerBody(r.body === '' ? null : r.body), arrivalNs: r.headers['x-arrival-ns'] ?? null }),
        (error: unknown) => pending.complete({ error: (error as Error).message ?? String(error) }),
      );
    },
    judge: () => judgeSchedule(context, business!),
  });
}

/** The settle step for the schedule's business, then the seven invariants over what belongs to it. */
async function judgeSchedule(context: DriveContext, business: FixtureBusiness): Promise<InvariantCode[]> {
  const settled = await settle({
    businesses: [business], urls: context.fleet.urls, areaCode: context.plan.areaCode, engine: context.engine, history: context.history,
    budgetMs: SCHEDULE_SETTLE_MS, requestTimeoutMs: context.requestTimeoutMs, signal: context.signal,
  });
  const [ledger, numbers] = await Promise.all([context.fake.admin.ledger(), context.fake.admin.numbers()]);
  const own = scopeToBusinesses('only', new Set([business.id]), { history: context.history.operations(), ledger, numbers });
  const view = settled.views[business.id] ?? null;
  const findings = checkCell({
    plan: context.plan,
    businesses: [{ id: business.id, name: business.name }],
    history: own.history,
    ledger: own.ledger,
    numbers: own.numbers,
    appView: { [business.id]: view ? { phoneNumber: view.phoneNumber, onboardingStatus: view.onboardingStatus } : null },
    publicBaseUrl: context.fleet.publicBaseUrl,
    settle: { ran: true, settled: settled.settled },
    crashes: context.fleet.crashes,
    driver: { driver: 'undici', engine: 'undici' },
    locks: null,
    skippedFaults: [],
    skipInvariants: context.skipInvariants ?? [],
    notEvaluable: {},
    traffic: { ms: 0, requests: own.history.length },
  });
  if (findings.problems.length > 0) throw new Error(`the invariants could not judge schedule of business ${business.id}: ${findings.problems.join('; ')}`);
  return brokenCodes(findings.invariants);
}
