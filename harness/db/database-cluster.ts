import type { StartedService } from '../processes/started-service.ts';
import { DATABASE_PREFIX, createLabelledDatabase, dropDatabaseForce } from './database-admin.ts';

// A PostgreSQL cluster the harness may create databases on. One per run; every scenario cell
// gets a fresh database, and everything the cluster created is dropped by stop().
export interface DatabaseCluster extends StartedService {
  readonly provider: 'embedded' | 'url' | 'container';
  /** A URL to a maintenance database (postgres). */
  readonly adminUrl: string;
  /** e.g. "17.10" */
  readonly serverVersion: string;
  /** Creates a database named exactly1_<runId>_<n>, labelled with the run. */
  createDatabase(opts?: { template?: string }): Promise<{ name: string; url: string }>;
  /** Terminates the database's sessions, then drops it. */
  dropDatabase(name: string): Promise<void>;
  /** Drops everything it created, then releases the cluster. */
  stop(): Promise<void>;
}

/** The database bookkeeping every provider shares: create, label, drop what it created. */
export function createClusterHandle(
  provider: DatabaseCluster['provider'],
  adminUrl: string,
  runId: string,
  version: string,
  release: () => Promise<void>,
): DatabaseCluster {
  const created = new Set<string>();
  const label = { runId, pid: process.pid, startedAt: new Date().toISOString() };
  let counter = 0;
  let stopped: Promise<void> | undefined;
  const handle: DatabaseCluster = {
    service: `${provider} PostgreSQL`,
    provider,
    adminUrl,
    serverVersion: version,
    async createDatabase(opts = {}) {
      const name = `${DATABASE_PREFIX}${runId}_${++counter}`;
      const url = await createLabelledDatabase(adminUrl, name, label, opts.template);
      created.add(name);
      return { name, url };
    },
    async dropDatabase(name) {
      await dropDatabaseForce(adminUrl, name);
      created.delete(name);
    },
    stop() {
      stopped ??= (async () => {
        for (const name of [...created].reverse()) await handle.dropDatabase(name).catch(() => {});
        await release();
      })();
      return stopped;
    },
    [Symbol.asyncDispose]() {
      return handle.stop();
    },
  };
  return handle;
}

