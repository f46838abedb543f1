import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createLabelledDatabase, dropDatabaseForce } from '../../harness/db/database-admin.ts';

export interface TestDatabase extends AsyncDisposable {
  name: string;
  url: string;
  adminUrl: string;
}

/** A fresh, empty database on the run's embedded cluster, dropped on dispose. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('databaseAdminUrl');
  const name = `exactly1_test_${randomBytes(5).toString('hex')}`;
  const url = await createLabelledDatabase(adminUrl, name, { runId: 'test', pid: process.pid, startedAt: new Date().toISOString() });
  return { name, url, adminUrl, [Symbol.asyncDispose]: () => dropDatabaseForce(adminUrl, name) };
}
