// One pg pool per process. A connection the server kills while it sits idle (restart,
// pg_terminate_backend, network blip) surfaces as an 'error' event on the pool or the client;
// unhandled, it would crash the process, so both are logged and the pool makes a new one.
import pg from 'pg';
import { describeDatabaseError, isDatabaseUnavailable } from './database-unavailable.ts';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** How long a request waits for a free connection before answering 503 (pool exhaustion). */
const CONNECTION_WAIT_MS = 30_000;

export function createPool(databaseUrl: string, max: number, log: (line: string) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: CONNECTION_WAIT_MS,
    idleTimeoutMillis: 30_000,
    application_name: 'exactly-one-target-app',
  });
  pool.on('error', (error) => log(`database: idle connection lost (${describeDatabaseError(error)})`));
  pool.on('connect', (client) => {
    client.on('error', (error) => log(`database: connection lost (${describeDatabaseError(error)})`));
  });
  return pool;
}

/**
 * Runs `work` in one transaction on one connection. A failure rolls back; a connection that
 * broke is destroyed rather than returned to the pool.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (isDatabaseUnavailable(error)) broken = error as Error;
    else await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs an operation that is safe to repeat (a read, a rolled-back transaction, a fenced
 * update) once more when its connection was lost: after pg_terminate_backend the pool may
 * still hand out a connection whose death it has not yet noticed.
 */
export async function retryOnLostConnection<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return operation();
  }
}
