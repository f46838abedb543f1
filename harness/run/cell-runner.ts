import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FakeTwilioAdmin, Ledger } from '../../fake-twilio/index.ts';
import { CONTROL_FAULTS, SCENARIOS, type PageVariant, type ScenarioName, type StrategyName } from '../../scenarios/index.ts';
import type { InvariantCode, ScenarioResult } from '../../model/index.ts';
import type { DatabaseCluster } from '../db/database-cluster.ts';
import { withAdminClient } from '../db/database-admin.ts';
import type { BurstEngine } from '../engines/index.ts';
import type { Operation } from '../../model/index.ts';
import { checkInvariants, summariseTwilio, type InvariantInput } from '../invariants/index.ts';
import { seedBusinesses, type BusinessView, type FixtureBusiness } from '../target/target-client.ts';
import { startTargetFleet, type TargetSpec } from '../target/target-fleet.ts';
import { accountFaults } from './fault-accounting.ts';
import { latencyPercentiles, spreadSummary } from './latency-stats.ts';
import { startLockSampler } from './lock-sampler.ts';
import { OperationLog } from './onboarding-request.ts';
import { interpretPlan } from './plan-interpreter.ts';
import { settle, settleBudgetMs } from './settle-step.ts';
import { CleanupStack } from '../processes/cleanup-stack.ts';
import { chooseBrowserDriver, runBrowserClicks, runK6Cell, writeK6Fixtures, K6_SCRIPTS, type BusinessClicks } from '../drivers/index.ts';
import { UsageError } from '../errors.ts';
import { mkdir } from 'node:fs/promises';

// One scenario cell (scenario × strategy × client variant): a fresh database, the fake reset,
// the target started, fixtures seeded, the plan run, the settle step, then the invariants
// checked against the history, the fake's ledger and the app's view.

/** A cell that cannot run against this target, for a reason that is not a failure. */
export class CellSkipped extends Error {
  override readonly name = 'CellSkipped';
}

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
  expected: 'pass' | 'fail' | null;
  expectedBroken: InvariantCode[];
  /** Label of the target for reports: `target-app`, the command, or the URL. */
  targetLabel: string;
  /** The strategy as reports name it: `external` for a user's target unless --strategy was given. */
  strategyLabel?: string;
  /** The load engine: our undici burst engine, or the user's k6. */
  engine?: 'undici' | 'k6';
  /** --engine k6: local k6 processes, one --execution-segment each. */
  k6Segments?: number;
}

export interface CellServices {
  cluster: DatabaseCluster | null;
  fake: { url: string; accountSid: string; authToken: string; admin: FakeTwilioAdmin };
  engine: BurstEngine;
  runDir: string;
  publicBaseUrl?: string;
  signal: AbortSignal;
  requestTimeoutMs: number;
  progress?: (message: string) => void;
  /** --require-browser (implied by CI=true): no browser for a page scenario is an environment error. */
  requireBrowser?: boolean;
}

export interface CellOutcome {
  result: ScenarioResult;
  history: Operation[];
  ledger: Ledger;
  businesses: FixtureBusiness[];
  /** The app's view of each business after the settle step (null: the read failed). */
  views: Record<string, BusinessView | null>;
  /** The browser check recorded as skipped when a page scenario ran without a browser. */
  skippedBrowserCheck?: ScenarioResult;
  /** The browser's version, when the cell drove one. */
  browserVersion?: string;
}

export async function runCell(spec: CellSpec, services: CellServices): Promise<CellOutcome> {
  const started = Date.now();
  const definition = SCENARIOS[spec.scenario];
  const settings = definition.target({ seed: spec.seed, strategy: spec.strategy, variant: spec.variant, timeScale: spec.timeScale, processControl: true });
  const processControl = spec.target.kind !== 'url' && services.cluster !== null;
  const planInput = {
    seed: spec.seed, strategy: spec.strategy, variant: spec.variant, timeScale: spec.timeScale, processControl,
    businesses: spec.businesses, concurrency: spec.concurrency, instances: spec.instances,
  };
  const plan = definition.plan(planInput);
  const cellId = `${spec.scenario}-${spec.strategy}-${spec.variant}-${randomBytes(3).toString('hex')}`;
  await using stack = new CleanupStack();

  const database = services.cluster ? await services.cluster.createDatabase() : null;
  if (database) stack.defer(() => services.cluster!.dropDatabase(database.name).catch(() => {}));
  await services.fake.admin.reset(spec.seed);

  const claimLeaseMs = settings.claimLeaseMs ?? 3 * settings.twilioTimeoutMs;
  services.progress?.(`${spec.scenario} [${spec.strategyLabel ?? spec.strategy}/${spec.variant}]: starting ${plan.instances} target instance(s)`);
  const fleet = stack.use(await startTargetFleet({
    spec: spec.target,
    instances: plan.instances,
    logDir: join(services.runDir, 'logs', cellId),
    signal: services.signal,
    env: {
      databaseUrl: database?.url ?? '',
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
  }));

  const businesses = await seedBusinesses(fleet.urls[0]!, { count: plan.businesses, areaCode: plan.areaCode, ...(plan.names.length ? { names: [...plan.names, ...[]] } : {}) });
  const log = new OperationLog();
  const sampler = spec.scenario === 'db-lock-under-load' && services.cluster && database
    ? await startLockSampler(services.cluster.adminUrl, database.name)
    : null;
  const browser = definition.usesPage ? chooseBrowserDriver({ requireBrowser: services.requireBrowser ?? false }) : null;
  if (browser?.driver === 'api-replay') services.progress?.(browser.notice);
  const trafficStart = performance.now();
  const clicked = browser?.driver === 'chromium'
    ? await runBrowserClicks({
      executablePath: browser.executablePath,
      appUrl: fleet.urls[0]!,
      variant: spec.variant,
      businesses,
      artifactsDir: join(services.runDir, 'browser', cellId),
      scenario: spec.scenario,
      signal: services.signal,
    }).catch((error: unknown) => {
      // The page is optional for external targets (DESIGN §4.2): without one, the cell is skipped.
      if (spec.target.kind !== 'ours' && (error as { code?: string }).code === 'E_NO_PAGE') {
        throw new CellSkipped(`the target does not serve /onboarding.html, which rapid-clicks needs (optional for external targets, DESIGN §4.2): ${(error as Error).message}`);
      }
      throw error;
    })
    : null;
  if (clicked) {
    stack.defer(() => clicked.close());
    for (const operation of clicked.operations) log.addRecorded(operation);
  }
  const k6 = spec.engine === 'k6' && !clicked
    ? await runK6Traffic(spec, plan.areaCode, businesses, fleet.urls[0]!, join(services.runDir, 'k6', cellId), services.signal)
    : null;
  if (k6) for (const operation of k6.operations) log.addRecorded(operation);
  const interpreted = clicked || k6 ? { control: { landed: new Set<string>() }, spreads: [] } : await interpretPlan({
    plan, businesses, fleet, engine: services.engine, admin: services.fake.admin, log, seed: spec.seed,
    requestTimeoutMs: services.requestTimeoutMs, signal: services.signal,
    terminateDbSessions: services.cluster && database
      ? () => withAdminClient(services.cluster!.adminUrl, async (client) => {
        const { rows } = await client.query<{ n: string }>(
          'SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [database.name],
        );
        return Number(rows[0]?.n ?? 0);
      })
      : null,
  });
  const trafficMs = performance.now() - trafficStart;
  const locks = await sampler?.stop();
  const trafficOps = log.operations.length;

  services.progress?.(`${spec.scenario} [${spec.strategyLabel ?? spec.strategy}/${spec.variant}]: settling`);
  const settled = await settle({
    scenario: spec.scenario, businesses, urls: fleet.urls, areaCode: plan.areaCode, engine: services.engine, log,
    budgetMs: settleBudgetMs(claimLeaseMs, settings.twilioTimeoutMs), requestTimeoutMs: services.requestTimeoutMs, signal: services.signal,
  });
  const [ledger, numbers] = await Promise.all([services.fake.admin.ledger(), services.fake.admin.numbers()]);
  const history = log.ordered();
  const appView = Object.fromEntries(Object.entries(settled.views).map(([id, view]) => [id, view ? { phoneNumber: view.phoneNumber, onboardingStatus: view.onboardingStatus } : null]));
  const invariantInput: InvariantInput = {
    businesses: businesses.map((b) => ({ id: b.id, name: b.name })),
    history,
    ledger,
    numbers,
    appView,
    publicBaseUrl: fleet.publicBaseUrl,
    settle: { ran: true },
    crashes: fleet.crashes,
  };
  const invariants = checkInvariants(invariantInput);

  const spreads = interpreted.spreads;
  // Faults that need process or database control, which a --target-url target does not give:
  // counted as the full plan would have aimed them, and reported skipped with the reason.
  const fullPlan = processControl ? plan : definition.plan({ ...planInput, processControl: true });
  const skippedControl = processControl ? [] : CONTROL_FAULTS.map((kind) => ({
    kind,
    count: fullPlan.faults.filter((f) => f.kind === kind).length,
    reason: 'the target was given as --target-url: the harness cannot kill it or reach its database',
  })).filter((skip) => skip.count > 0);

  const failing = new Set(invariants.flatMap((i) => i.violations.map((v) => v.businessId)).filter((id): id is string => id !== null));
  const screenshots = clicked ? await clicked.keepScreenshots([...failing]) : [];
  const gaps = clicked ? clickGapMetrics(clicked.clicks) : {};

  const result: ScenarioResult = {
    name: spec.scenario,
    strategy: spec.strategyLabel ?? spec.strategy,
    variant: spec.variant,
    target: spec.targetLabel,
    engine: k6 ? 'k6' : 'undici',
    driver: clicked ? 'chromium' : k6 ? 'k6' : 'undici',
    verdict: invariants.some((i) => i.held === false) ? 'fail' : 'pass',
    expected: spec.expected,
    expectedBroken: spec.expectedBroken,
    attempts: 1,
    skipReason: null,
    businesses: businesses.length,
    requests: history.length,
    invariants,
    // Counted with the invariants' own attribution, so `orphans` agrees with NO_ORPHANS.
    twilio: summariseTwilio(invariantInput),
    latencyMs: latencyPercentiles(history.filter((op) => op.client !== 'settle')),
    burst: plan.burstSize === null || spreads.length === 0 ? null : {
      size: plan.burstSize,
      bursts: spreads.length,
      sendSpreadMs: spreadSummary(spreads.map((s) => s.sendSpreadMs)),
      arrivalSpreadMs: spreads.every((s) => s.arrivalSpreadMs !== null) ? spreadSummary(spreads.map((s) => s.arrivalSpreadMs!)) : null,
    },
    faults: accountFaults({
      planned: plan.faults, skipped: skippedControl, businessIds: businesses.map((b) => b.id), ledger, history,
      controlLanded: interpreted.control.landed,
    }),
    durationMs: Date.now() - started,
    metrics: {
      trafficMs: Math.round(trafficMs),
      trafficRequests: trafficOps,
      throughputPerS: Math.round((trafficOps / (trafficMs / 1000)) * 100) / 100,
      settledBusinesses: settled.settled,
      ...gaps,
      ...(clicked ? { consoleErrors: clicked.consoleErrors.length, screenshots: screenshots.length } : {}),
      ...(k6 ? { k6Processes: k6.processes.length, k6ThresholdsFailed: k6.thresholdsFailed ? 1 : 0 } : {}),
      ...(locks ? { lockSamples: locks.samples, maxLockWaiters: locks.maxLockWaiters, meanLockWaiters: Math.round(locks.meanLockWaiters * 100) / 100, maxActiveSessions: locks.maxActiveSessions } : {}),
    },
    error: null,
  };
  const skippedBrowserCheck: ScenarioResult | undefined = browser?.driver === 'api-replay'
    ? { ...result, driver: 'chromium', verdict: 'skipped', skipReason: browser.skipReason, invariants: [], requests: 0, faults: [], burst: null, expected: null, expectedBroken: [] }
    : undefined;
  return {
    result, history, ledger, businesses, views: settled.views,
    ...(skippedBrowserCheck ? { skippedBrowserCheck } : {}),
    ...(clicked ? { browserVersion: clicked.browserVersion } : {}),
  };
}

/**
 * --engine k6: the same plan, sent by the user's k6 (one process per execution segment) from
 * the fixtures the harness seeded; k6's JSON output becomes the history, so every invariant is
 * checked against the ledger, not only k6's aggregates.
 */
async function runK6Traffic(spec: CellSpec, areaCode: string, businesses: FixtureBusiness[], targetUrl: string, dir: string, signal: AbortSignal) {
  const script = K6_SCRIPTS[spec.scenario];
  if (!script) {
    throw new UsageError({
      code: 'E_K6_SCENARIO', message: `--engine k6 cannot run ${spec.scenario}: it needs fault or process control that k6 does not have`, value: spec.scenario, source: '--engine',
      fix: `run it with --engine undici, or choose one of ${Object.keys(K6_SCRIPTS).filter((name) => name in SCENARIOS).join(', ')}`,
    });
  }
  const fixturesFile = join(dir, 'fixtures.json');
  await mkdir(dir, { recursive: true });
  await writeK6Fixtures(fixturesFile, {
    version: 1, scenario: spec.scenario, seed: spec.seed, strategy: spec.strategy, variant: spec.variant, areaCode,
    ...(spec.concurrency !== undefined ? { concurrency: spec.concurrency } : {}),
    businesses: businesses.map((b) => ({ id: b.id, name: b.name, ownerToken: b.ownerToken })),
  });
  return runK6Cell({ script, fixturesFile, targetUrl, segments: spec.k6Segments ?? 1, runDir: dir, signal, scenario: spec.scenario });
}

/** Click gaps per style (DESIGN §7: 5 clicks within ~100 ms), as p50 / max in ms. */
function clickGapMetrics(clicks: BusinessClicks[]): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const style of new Set(clicks.map((c) => c.style))) {
    const gaps = clicks.filter((c) => c.style === style).flatMap((c) => c.gapsMs);
    if (gaps.length === 0) continue;
    const summary = spreadSummary(gaps);
    metrics[`clickGapP50Ms.${style}`] = summary.p50;
    metrics[`clickGapMaxMs.${style}`] = summary.max;
  }
  return metrics;
}
