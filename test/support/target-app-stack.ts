// The parts a target-app integration test needs, all real: a fresh database on the run's
// embedded cluster, the served fake Twilio (realistic latency unless told otherwise) and the
// app as a child process, with helpers to seed businesses and read both sides afterwards.
import pg from 'pg';
import { createFakeTwilioAdmin, createFakeTwilioServer, type FakeTwilioAdmin, type FakeTwilioServer } from '../../fake-twilio/index.ts';
// The two process helpers only, not the harness's door: the app's tests need no run pipeline.
import { startChildProcess, type StartedProcess } from '../../harness/processes/child-process.ts';
import { nodeEntry } from '../../harness/processes/node-entry.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { startTcpProxy, type TcpProxy } from './target-app-tcp-proxy.ts';

export const PUBLIC_BASE_URL = 'https://app.example.test';
const READY_LINE = /target-app listening on (http:\/\/127\.0\.0\.1:\d+)/;

export interface SeededBusiness {
  id: string;
  name: string;
  ownerToken: string;
}

export interface AppOptions {
  strategy?: string;
  env?: Record<string, string>;
  /** Put a TCP proxy between the app and PostgreSQL, so a test can cut the database off. */
  databaseProxy?: boolean;
  /** App instances started at once on the one database (default 1); `app` is the first. */
  instances?: number;
}

export interface TargetAppStack extends AsyncDisposable {
  twilio: FakeTwilioServer;
  admin: FakeTwilioAdmin;
  database: TestDatabase;
  /** A pool on the test database for assertions and fault injection. */
  pool: pg.Pool;
  app: StartedProcess;
  url: string;
  /** Every instance's base URL (the first is `url`). */
  urls: string[];
  databaseProxy: TcpProxy | null;
  env: Record<string, string>;
  /** Starts (another) app instance with the same environment; replaces `app`/`url`. */
  restart(): Promise<void>;
  seed(count: number, areaCode?: string): Promise<SeededBusiness[]>;
  onboard(business: SeededBusiness, init?: { key?: string; body?: unknown; token?: string; baseUrl?: string }): Promise<{ status: number; body: any; headers: Headers }>;
  /** Committed purchases at the fake for this business, released ones included. */
  committedPurchases(businessId: string): Promise<number>;
  /** Active numbers at the fake tagged for this business. */
  activeNumbers(businessId: string): Promise<string[]>;
  recordedNumber(businessId: string): Promise<string | null>;
}

export async function startTargetAppStack(options: AppOptions & { latency?: 'realistic' | 'off' } = {}): Promise<TargetAppStack> {
  const twilio = await createFakeTwilioServer({ port: 0, seed: 7, latency: options.latency ?? 'realistic' });
  const database = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => {});
  const databaseProxy = options.databaseProxy ? await startTcpProxy(database.url) : null;
  const env: Record<string, string> = {
    PORT: '0',
    DATABASE_URL: databaseProxy ? databaseProxy.via(database.url) : database.url,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_API_BASE: twilio.url,
    PUBLIC_BASE_URL,
    ONBOARDING_STRATEGY: options.strategy ?? 'idempotent',
    JWT_SECRET: 'test-secret-of-the-target-app-at-least-32-bytes',
    FIXTURES_ENABLED: '1',
    DB_POOL_MAX: '10',
    TWILIO_TIMEOUT_MS: '2000',
    ...options.env,
  };
  const start = () => {
    const { command, args } = nodeEntry('target-app/main');
    return startChildProcess({ name: 'target-app', command, args, env, readyLine: READY_LINE, readyTimeoutMs: 60_000 });
  };
  let apps: StartedProcess[];
  try {
    const started = await Promise.allSettled(Array.from({ length: options.instances ?? 1 }, start));
    apps = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.allSettled(apps.map((a) => a.stop()));
      throw failed.reason;
    }
  } catch (error) {
    await Promise.allSettled([pool.end(), twilio.close(), databaseProxy?.[Symbol.asyncDispose]()]);
    await database[Symbol.asyncDispose]();
    throw error;
  }
  const admin = createFakeTwilioAdmin(twilio.url);

  const stack: TargetAppStack = {
    twilio, admin, database, pool, env, databaseProxy,
    app: apps[0]!,
    url: apps[0]!.readyMatch![1]!,
    urls: apps.map((a) => a.readyMatch![1]!),
    async restart() {
      if (stack.app.isRunning()) await stack.app.stop();
      stack.app = await start();
      stack.url = stack.app.readyMatch![1]!;
    },
    async seed(count, areaCode = '828') {
      const res = await fetch(`${stack.url}/__fixtures/businesses`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count, areaCode }),
      });
      if (res.status !== 201) throw new Error(`fixtures answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { businesses: SeededBusiness[] }).businesses;
    },
    async onboard(business, init = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${init.token ?? business.ownerToken}`, 'content-type': 'application/json' };
      if (init.key !== undefined) headers['idempotency-key'] = init.key;
      const res = await fetch(`${init.baseUrl ?? stack.url}/api/businesses/${business.id}/complete-onboarding`, {
        method: 'POST', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return { status: res.status, body: await res.json(), headers: res.headers };
    },
    async committedPurchases(businessId) {
      const { purchases } = await admin.ledger();
      return purchases.filter((p) => p.committed && p.friendlyName === `business:${businessId}`).length;
    },
    async activeNumbers(businessId) {
      const { purchases, releases } = await admin.ledger();
      const released = new Set(releases.map((r) => r.sid));
      return purchases.filter((p) => p.committed && p.friendlyName === `business:${businessId}` && !released.has(p.sid!)).map((p) => p.phoneNumber!);
    },
    async recordedNumber(businessId) {
      const { rows } = await pool.query<{ phone_number: string | null }>('SELECT phone_number FROM businesses WHERE id = $1', [businessId]);
      return rows[0]?.phone_number ?? null;
    },
    async [Symbol.asyncDispose]() {
      await Promise.allSettled([stack.app.stop(), ...apps.slice(1).map((a) => a.stop()), pool.end()]);
      await twilio.close();
      await databaseProxy?.[Symbol.asyncDispose]();
      await database[Symbol.asyncDispose]();
    },
  };
  return stack;
}
