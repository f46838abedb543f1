import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../harness/db/embedded-postgres.ts';

// One embedded PostgreSQL cluster for the whole integration run; each test creates its own
// database on it (test/support/database.ts), so test files never share state.
export default async function setup(project: TestProject) {
  const cluster = await startEmbeddedPostgres({ runId: `test${process.pid}` });
  project.provide('databaseAdminUrl', cluster.adminUrl);
  return async () => {
    await cluster.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseAdminUrl: string;
  }
}
