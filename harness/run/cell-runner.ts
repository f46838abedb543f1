import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FakeTwilioAdmin, Ledger } from '../../fake-twilio/index.ts';
import { CONTROL_FAULTS, SCENARIOS, type PageVariant, type PlanInput, type ScenarioName, type StrategyName } from '../../scenarios/index.ts';
import type { BurstRelease, ConformanceCheck, InvariantCode, Operation, ScenarioResult } from '../../model/index.ts';
import type { ExploreSettings, LoadSettings } from '../config/index.ts';
import { startPgProxy } from '../explore/index.ts';
import type { ProgressSink } from '../cli/progress.ts';
import { checkCell, type CellEvidence, type CellFindings } from '../checkers/index.ts';
import type { DatabaseCluster } from '../db/database-cluster.ts';
import { withAdminClient } from '../db/database-admin.ts';
import { chooseDriver, type DriveContext, type DriveOutcome } from '../drivers/index.ts';
import type { BurstEngine } from '../engines/index.ts';
import { createHistoryRecorder, type HistorySink } from '../history/index.ts';
import { CleanupStack } from '../processes/cleanup-stack.ts';
import { CellSkipped } from '../drivers/cell-skipped.ts';
import { seedBusinesses, type BusinessView, type FixtureBusiness } from '../target/target-client.ts';
import { startTargetFleet, type TargetSpec } from '../target/target-fleet.ts';
import { cellResult } from './cell-result.ts';
import { CellTasks } from './cell-tasks.ts';
import { startLockSampler } from './lock-sampler.ts';
import { settle, settleBudgetMs } from './settle-step.ts';
import { warmUp, withoutWarmUp } from './warm-up-step.ts';

// One scenario cell (scenario × strategy × client variant) as named tasks: a fresh database, the
// fake reset, the target started, fixtures seeded, the driver's traffic, the settle step, the
// evidence gathered, then every checker over it in one pass. The runner never branches on which
// driver ran: a driver records through the cell's one history and returns its evidence.

export { CellSkipped } from '../drivers/cell-skipped.ts';

/** Why a scenario that needs the PostgreSQL proxy (interleavings) is skipped under --target-url. */
export const INTERPOSE_SKIP_REASON = 'the target was given as --target-url: the harness does not give it its database, so it cannot put its PostgreSQL proxy in between, hold its statements and explore their orders';

export interface CellSpec {
  scenario: ScenarioName;
  strategy: StrategyName;
  variant: PageVariant;
  target: TargetSpec;
  seed: number;
  timeScale: number;
  businesses?: number;
  concurrency?: number;
  instances?: number;
  /** --burst-release; absent: the scenario's own default. */
  burstRelease?: BurstRelease;
  expected: 'pass' | 'fail' | null;
  expectedBroken: InvariantCode[];
  /** Conformance checks an expected FAIL must fail (scenario idempotency-key). */
  expectedFailingChecks?: ConformanceCheck[];
  /** Label of the target for reports: `target-app`, the command, or the URL. */
  targetLabel: string;
  /** The strategy as reports name it: `external` for a user's target unless --strategy was given. */
  strategyLabel?: string;
  /** The load engine: our undici burst engine, or the user's k6. */
  engine?: 'undici' | 'k6';
  /** --engine k6: local k6 processes, one --execution-segment each. */
  k6Segments?: number;
  /** --skip-invariant: reported as skipped, never judged. */
  skipInvariants?: InvariantCode[];
  /** Which attempt of a repeated cell this is (from 1). */
  attempt?: number;
  /** sustained-load: the load profile (defaults filled in). */
  load?: LoadSettings;
  /** interleavings: the exploration settings (defaults filled in). */
  explore?: ExploreSettings;
  /** --pg-proxy: the PostgreSQL proxy, passing through, in front of the target's database. */
  pgProxy?: boolean;
}

export interface CellServices {
  cluster: DatabaseCluster | null;
  fake: { url: string; accountSid: string; authToken: string; admin: FakeTwilioAdmin };
  engine: BurstEngine;
  runDir: string;
  publicBaseUrl?: string;
  signal: AbortSignal;
  requestTimeoutMs: number;
  /** Plain progress lines, and on a terminal a live bar (`live`) for a long drive. */
  progress?: ProgressSink;
  /** --require-browser (implied by CI=true): no browser for a page scenario is an environment error. */
  requireBrowser?: boolean;
  /** The run's history.jsonl: every operation is streamed there as it completes. */
  historySink?: HistorySink | null;
}

export interface CellOutcome {
  result: ScenarioResult;
  history: Operation[];
  ledger: Ledger;
  businesses: FixtureBusiness[];
  /** The app's view of each business after the settle step (null: the read failed). */
  views: Record<string, BusinessView | null>;
  /** What the checkers found, for the reports to render (never recomputed there). */
  findings: CellFindings | null;
  /** The browser check recorded as skipped when a page scenario ran without a browser. */
  skippedBrowserCheck?: ScenarioResult;
  /** The browser's version, when the cell drove one. */
  browserVersion?: string;
}

export function cellLabel(spec: Pick<CellSpec, 'scenario' | 'strategy' | 'strategyLabel' | 'variant'>): string {
  return `${spec.scenario} [${spec.strategyLabel ?? spec.strategy}/${spec.variant}]`;
}

export async function runCell(spec: CellSpec, services: CellServices): Promise<CellOutcome> {
  const started = Date.now();
  const label = cellLabel(spec);
  const say = (message: string) => services.progress?.(`${label}: ${message}`);
  const tasks = new CellTasks(services.signal, say);
  const definition = SCENARIOS[spec.scenario];
  const processControl = spec.target.kind !== 'url' && services.cluster !== null;
  const planInput: PlanInput = {
    seed: spec.seed, strategy: spec.strategy, variant: spec.variant, timeScale: spec.timeScale, processControl,
    businesses: spec.businesses, concurrency: spec.concurrency, instances: spec.instances,
    ...(spec.burstRelease ? { burstRelease: spec.burstRelease } : {}),
  };
  const settings = definition.target(planInput);
  if (settings.interposeDatabase && !processControl) throw new CellSkipped(INTERPOSE_SKIP_REASON);
  const plan = definition.plan(planInput);
  // Chosen before anything starts: a missing browser under --require-browser ends the run here.
  const choice = chooseDriver({
    definition, engine: spec.engine ?? 'undici', external: spec.target.kind !== 'ours', requireBrowser: services.requireBrowser ?? false,
    ...(spec.concurrency !== undefined ? { concurrency: spec.concurrency } : {}), ...(spec.k6Segments !== undefined ? { k6Segments: spec.k6Segments } : {}),
  });
  if (choice.browserSkipped) services.progress?.(choice.browserSkipped.notice);
  const cellId = `${spec.scenario}-${spec.strategyLabel ?? spec.strategy}-${spec.variant}-${randomBytes(3).toString('hex')}`;
  await using stack = new CleanupStack();
  const history = createHistoryRecorder({ scenario: spec.scenario, cell: label, attempt: spec.attempt ?? 1, sink: services.historySink ?? null });
  // Whatever ends the cell, requests still pending are recorded as unknown (info) outcomes.
  stack.defer(() => history.close());

  const database = await tasks.run('create database', async () => {
    if (!services.cluster) return null;
    const created = await services.cluster.createDatabase();
    stack.defer(() => services.cluster!.dropDatabase(created.name).catch(() => {}));
    return created;
  });
  await tasks.run('reset fake Twilio', () => services.fake.admin.reset(spec.seed, settings.twilioLatency));
  const claimLeaseMs = settings.claimLeaseMs ?? 3 * settings.twilioTimeoutMs;
  // The explorer's PostgreSQL proxy goes between the target and its database: the target is given
  // the proxy's address as DATABASE_URL and nothing else about it changes.
  const proxy = (settings.interposeDatabase || spec.pgProxy) && database && services.cluster
    ? await tasks.run('start PostgreSQL proxy', async () => stack.use(await startPgProxy({
      upstream: database.url, adminUrl: services.cluster!.adminUrl, logDir: join(services.runDir, 'logs', cellId), signal: services.signal,
    })))
    : null;
  const fleet = await tasks.run('start target', async () => stack.use(await startTargetFleet({
    spec: spec.target,
    instances: plan.instances,
    logDir: join(services.runDir, 'logs', cellId),
    signal: services.signal,
    env: {
      databaseUrl: proxy?.url ?? database?.url ?? '',
      twilioAccountSid: services.fake.accountSid,
      twilioAuthToken: services.fake.authToken,
      twilioApiBase: services.fake.url,
      ...(services.publicBaseUrl ? { publicBaseUrl: services.publicBaseUrl } : {}),
      strategy: spec.strategy,
      jwtSecret: randomBytes(24).toString('hex'),
      dbPoolMax: settings.dbPoolMax,
      twilioTimeoutMs: settings.twilioTimeoutMs,
      claimLeaseMs,
      ...(settings.rateLimitWindowMs !== undefined ? { rateLimitWindowMs: settings.rateLimitWindowMs } : {}),
    },
  })), `starting ${plan.instances} target instance(s)`);

  const businesses: FixtureBusiness[] = [];
  const seed = async (request: { count: number; sharedOwner?: boolean; names?: string[] }) => {
    if (request.count === 0) return [];
    const seeded = await seedBusinesses(fleet.urls[0]!, { areaCode: plan.areaCode, ...request });
    businesses.push(...seeded);
    return seeded;
  };
  await tasks.run('seed businesses', () => seed({ count: plan.businesses, ...(plan.names.length ? { names: [...plan.names] } : {}) }));
  // Warm-up businesses are seeded apart from `businesses`: the driver, the settle step and the
  // checkers never see them.
  const warm = plan.warmUp ? await tasks.run('warm up', () => warmUp({
    plan, urls: fleet.urls, engine: services.engine, history, requestTimeoutMs: services.requestTimeoutMs, signal: services.signal,
  }), 'warming up the target') : null;
  const sampler = spec.scenario === 'db-lock-under-load' && services.cluster && database
    ? await tasks.run('start lock sampler', () => startLockSampler(services.cluster!.adminUrl, database.name))
    : null;

  const context: DriveContext = {
    scenario: spec.scenario, strategy: spec.strategy, variant: spec.variant, seed: spec.seed, plan, businesses,
    seedBusinesses: seed, fleet, fake: services.fake, engine: services.engine, history,
    database: services.cluster && database ? {
      name: database.name,
      terminateSessions: () => withAdminClient(services.cluster!.adminUrl, async (client) => {
        const { rows } = await client.query<{ n: string }>(
          'SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [database.name],
        );
        return Number(rows[0]?.n ?? 0);
      }),
    } : null,
    artifactsDir: join(services.runDir, choice.driver.name, cellId),
    requestTimeoutMs: services.requestTimeoutMs, signal: services.signal, progress: say,
    ...(services.progress?.live ? { live: services.progress.live } : {}),
    ...(spec.load ? { load: spec.load } : {}),
    ...(spec.explore ? { explore: spec.explore } : {}),
    ...(settings.interposeDatabase ? { proxy } : {}),
    ...(spec.skipInvariants?.length ? { skipInvariants: spec.skipInvariants } : {}),
    ...(warm?.staggerGapMs != null ? { staggerGapMs: warm.staggerGapMs } : {}),
  };
  const trafficStart = performance.now();
  const driven: DriveOutcome = await tasks.run(`drive (${choice.driver.name})`, () => choice.driver.drive(context));
  if (driven.dispose) stack.defer(driven.dispose);
  const trafficMs = performance.now() - trafficStart;
  const trafficRequests = history.operations().length - (warm?.requests ?? 0);
  const locks = sampler ? await sampler.stop() : null;
  // Judged: what the driver does not hand back (a load run stopped early: DriveOutcome.unjudged).
  const unjudged = new Set(driven.unjudged ?? []);
  const judgedBusinesses = unjudged.size === 0 ? businesses : businesses.filter((b) => !unjudged.has(b.id));
  // Interrupted during the traffic (a driver that stops on the signal and returns, as the load driver
  // does): the app's views are read, but nothing is retried, and ALL_ONBOARDED says why it was not judged.
  const interruptedBeforeSettle = services.signal.aborted;

  const settled = await tasks.run('settle', () => settle({
    businesses: judgedBusinesses, urls: fleet.urls, areaCode: plan.areaCode, engine: services.engine, history,
    budgetMs: settleBudgetMs(claimLeaseMs, settings.twilioTimeoutMs), requestTimeoutMs: services.requestTimeoutMs, signal: services.signal,
  }), 'settling');
  const [ledger, numbers] = await tasks.run('collect evidence', () => Promise.all([services.fake.admin.ledger(), services.fake.admin.numbers()]));
  history.close();
  const operations = history.operations();
  const judged = withoutWarmUp(warm?.businesses ?? [], { history: operations, ledger, numbers });

  // Faults that need process or database control, which a --target-url target does not give:
  // counted as the full plan would have aimed them, and reported skipped with the reason.
  const fullPlan = processControl ? plan : definition.plan({ ...planInput, processControl: true });
  const skippedFaults = processControl ? [] : CONTROL_FAULTS.map((kind) => ({
    kind,
    count: fullPlan.faults.filter((f) => f.kind === kind).length,
    reason: 'the target was given as --target-url: the harness cannot kill it or reach its database',
  })).filter((skip) => skip.count > 0);

  const evidence: CellEvidence = {
    plan,
    businesses: judgedBusinesses.map((b) => ({ id: b.id, name: b.name })),
    history: judged.history,
    ledger: judged.ledger,
    numbers: judged.numbers,
    appView: Object.fromEntries(Object.entries(settled.views).map(([id, view]) => [id, view ? { phoneNumber: view.phoneNumber, onboardingStatus: view.onboardingStatus } : null])),
    publicBaseUrl: fleet.publicBaseUrl,
    settle: interruptedBeforeSettle
      ? { ran: false, reason: 'the run was interrupted before the settle step', settled: 0 }
      : { ran: true, settled: settled.settled },
    crashes: fleet.crashes,
    driver: driven.evidence,
    locks,
    skippedFaults,
    skipInvariants: spec.skipInvariants ?? [],
    notEvaluable: {},
    traffic: { ms: trafficMs, requests: trafficRequests },
  };
  const findings = checkCell(evidence);
  const failing = new Set(findings.invariants.flatMap((i) => i.violations.map((v) => v.businessId)).filter((id): id is string => id !== null));
  const screenshots = driven.evidence.keepScreenshots ? await driven.evidence.keepScreenshots([...failing]) : [];

  const result = {
    ...cellResult({ spec, findings, evidence, durationMs: Date.now() - started, timings: tasks.timings, screenshots: screenshots.length }),
    ...(warm ? { warmUp: { businesses: warm.businesses.map((b) => b.id), requests: warm.requests, staggerGapMs: warm.staggerGapMs } } : {}),
  };
  const skippedBrowserCheck: ScenarioResult | undefined = choice.browserSkipped
    ? { ...result, driver: 'chromium', verdict: 'skipped', skipReason: choice.browserSkipped.reason, invariants: [], requests: 0, faults: [], burst: null, expected: null, expectedBroken: [] }
    : undefined;
  return {
    // What the reports draw is what was judged; the warm-up is in history.jsonl and result.json's `warmUp`.
    result, history: judged.history, ledger: judged.ledger, businesses: judgedBusinesses, views: settled.views, findings,
    ...(skippedBrowserCheck ? { skippedBrowserCheck } : {}),
    ...(driven.evidence.browserVersion ? { browserVersion: driven.evidence.browserVersion } : {}),
  };
}
