// Schema by node-pg-migrate, run at start. Several instances may start at once on one
// database: node-pg-migrate only *tries* its advisory lock and fails the loser, so we first
// wait on the same lock (advisory locks are re-entrant per session) and then let it run on
// our session; the late instance then finds nothing left to do.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runner } from 'node-pg-migrate';

const MIGRATIONS_DIR = fileURLToPath(new URL('./../migrations/', import.meta.url));
/** node-pg-migrate's own lock id (PG_MIGRATE_LOCK_ID), so its CLI and we exclude each other. */
const MIGRATION_LOCK_ID = '7241865325823964';

export async function migrate(databaseUrl: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'exactly-one-target-app-migrate' });
  client.on('error', (error) => log(`migrations: connection lost (${error.message})`));
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      migrationsTable: 'pgmigrations',
      direction: 'up',
      checkOrder: true,
      singleTransaction: true,
      log: () => {},
    });
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
  } finally {
    await client.end().catch(() => {});
  }
}
