// A DriveContext for the conformance driver without the cell runner: the served fake Twilio
// (latency off, as the scenario runs it), a fresh database, the target started as the harness
// starts one (our app by strategy, or a command), the burst engine and a history recorder —
// so test/idempotency-key.test.ts drives the checks exactly as a cell would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeTwilioAdmin, createFakeTwilioServer, type FakeTwilioAdmin } from '../../fake-twilio/index.ts';
import type { DriveContext } from '../../harness/drivers/driver.ts';
import { createBurstEngine, createHistoryRecorder, startTargetFleet, type FixtureBusiness, type TargetSpec } from '../../harness/index.ts';
import type { HistoryRecorder } from '../../harness/history/index.ts';
import type { StrategyName } from '../../model/index.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { createTestDatabase } from './database.ts';

export interface ConformanceCell extends AsyncDisposable {
  context: DriveContext;
  admin: FakeTwilioAdmin;
  history: HistoryRecorder;
  url: string;
}

export async function startConformanceCell(target: { strategy: StrategyName } | { command: string }): Promise<ConformanceCell> {
  const definition = SCENARIOS['idempotency-key'];
  const strategy: StrategyName = 'strategy' in target ? target.strategy : 'idempotent';
  const input = { seed: 7, strategy, variant: 'fixed' as const, timeScale: 1, processControl: true };
  const settings = definition.target(input);
  const plan = definition.plan(input);
  const spec: TargetSpec = 'strategy' in target ? { kind: 'ours' } : { kind: 'cmd', command: target.command };
  const logDir = await mkdtemp(join(tmpdir(), 'exactly-one-conformance-'));
  const fake = await createFakeTwilioServer({ port: 0, seed: 7, latency: settings.twilioLatency });
  const database = await createTestDatabase();
  const fleet = await startTargetFleet({
    spec, instances: 1, logDir,
    env: {
      databaseUrl: database.url, twilioAccountSid: fake.accountSid, twilioAuthToken: fake.authToken, twilioApiBase: fake.url,
      publicBaseUrl: 'https://app.example.test', strategy, jwtSecret: 'conformance-test-secret-at-least-32-bytes-long',
      dbPoolMax: settings.dbPoolMax, twilioTimeoutMs: settings.twilioTimeoutMs,
      ...(settings.rateLimitWindowMs !== undefined ? { rateLimitWindowMs: settings.rateLimitWindowMs } : {}),
    },
  }).catch(async (error: unknown) => {
    await Promise.allSettled([fake.close(), database[Symbol.asyncDispose]()]);
    throw error;
  });
  const url = fleet.urls[0]!;
  const engine = createBurstEngine();
  const history = createHistoryRecorder({ scenario: 'idempotency-key' });
  const admin = createFakeTwilioAdmin(fake.url);
  const seed = async (request: { count: number; sharedOwner?: boolean }): Promise<FixtureBusiness[]> => {
    const response = await fetch(`${url}/__fixtures/businesses`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ areaCode: plan.areaCode, ...request }),
    });
    if (response.status !== 201) throw new Error(`fixtures answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { businesses: FixtureBusiness[] }).businesses;
  };
  const controller = new AbortController();
  const context: DriveContext = {
    scenario: 'idempotency-key', strategy, variant: 'fixed', seed: 7, plan,
    businesses: await seed({ count: plan.businesses }),
    seedBusinesses: seed,
    fleet, engine, history, database: null, artifactsDir: logDir,
    fake: { url: fake.url, accountSid: fake.accountSid, authToken: fake.authToken, admin },
    requestTimeoutMs: 30_000, signal: controller.signal, progress: () => {},
  };
  return {
    context, admin, history, url,
    async [Symbol.asyncDispose]() {
      controller.abort();
      history.close();
      await engine.close();
      await fleet.stop();
      await fake.close();
      await database[Symbol.asyncDispose]();
      await rm(logDir, { recursive: true, force: true });
    },
  };
}
