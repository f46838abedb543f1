// Starts the app: migrations, pool, Twilio client, strategy, HTTP server on 127.0.0.1.
// The handle closes exactly what this started (server, then pool) and is AsyncDisposable.
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AppConfig } from './config.ts';
import { createApp } from './app.ts';
import { describeDatabaseError } from './database/database-unavailable.ts';
import { migrate } from './database/migrate.ts';
import { createPool } from './database/pool.ts';
import { answerMalformedRequests } from './http/malformed-request.ts';
import { createOwnerTokens } from './http/owner-tokens.ts';
import { createStrategy } from './strategies/index.ts';
import { purgeExpiredKeys } from './strategies/idempotent/idempotency-keys.ts';
import { createPhoneNumbers } from './twilio/phone-numbers.ts';
import { createTwilioClient } from './twilio/twilio-client.ts';

export interface TargetAppHandle extends AsyncDisposable {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The database could not be reached or migrated at start (main exits 3). */
export class DatabaseStartError extends Error {
  readonly code = 'DATABASE_UNREACHABLE';
  constructor(cause: unknown) {
    super(`database unreachable at start: ${describeDatabaseError(cause)}`, { cause });
    this.name = 'DatabaseStartError';
  }
}

const KEY_PURGE_INTERVAL_MS = 60 * 60 * 1000;
/** In-flight requests get this long to finish on close before their sockets are cut. */
const CLOSE_GRACE_MS = 5_000;

export async function startTargetApp(config: AppConfig, log: (line: string) => void = (line) => console.error(line)): Promise<TargetAppHandle> {
  try {
    await migrate(config.databaseUrl, log);
  } catch (error) {
    throw new DatabaseStartError(error);
  }
  const pool = createPool(config.databaseUrl, config.dbPoolMax, log);
  const phoneNumbers = createPhoneNumbers(createTwilioClient(config.twilio), config.publicBaseUrl);
  const strategy = createStrategy(config.strategy, {
    pool,
    phoneNumbers,
    claimLeaseMs: config.claimLeaseMs,
    twilioTimeoutMs: config.twilio.timeoutMs,
    rateLimitWindowMs: config.rateLimitWindowMs,
    log,
  });
  const app = createApp({ pool, tokens: createOwnerTokens(config.jwtSecret, { maxLifetimeS: config.jwtMaxLifetimeS }), strategy, fixturesEnabled: config.fixturesEnabled, log });

  const purge = () => purgeExpiredKeys(pool).catch((error: Error) => log(`idempotency: purge failed (${error.message})`));
  void purge();
  const purgeTimer = setInterval(purge, KEY_PURGE_INTERVAL_MS).unref();

  const server: Server = createServer(app);
  answerMalformedRequests(server);
  try {
    server.listen(config.port, '127.0.0.1');
    await once(server, 'listening');
  } catch (error) {
    clearInterval(purgeTimer);
    await pool.end();
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(purgeTimer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      await closed;
      clearTimeout(cut);
      await pool.end();
    })());
  return { url: `http://127.0.0.1:${port}`, port, close, [Symbol.asyncDispose]: close };
}
