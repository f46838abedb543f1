import type { RunConfig } from '../config/index.ts';
import type { DatabaseCluster } from './database-cluster.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/** The run's one cluster, from the provider --db names (DESIGN §8). */
export async function startCluster(config: RunConfig, runId: string, logDir: string): Promise<DatabaseCluster> {
  switch (config.db) {
    case 'embedded':
      return startEmbeddedPostgres({ runId, onLog: (line) => appendFileSync(join(logDir, 'postgres.log'), `${line}\n`) });
    default:
      throw new Error(`--db ${config.db}: provider wiring pending`);
  }
}
