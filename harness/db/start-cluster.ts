import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../config/index.ts';
import type { DatabaseCluster } from './database-cluster.ts';
import { startContainerPostgres } from './container-postgres.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { sweepStaleResources } from './sweep.ts';
import { redact } from './url-postgres.ts';
import { EnvironmentError } from '../errors.ts';
import { startUrlPostgres } from './url-postgres.ts';

/**
 * The run's one cluster, from the provider --db names (docs/cli.md). First sweeps what a killed
 * earlier run left behind with the same provider (labelled databases, containers, data dirs).
 */
export async function startCluster(config: RunConfig, runId: string, logDir: string, say: (line: string) => void = () => {}): Promise<DatabaseCluster> {
  const swept = await sweepStaleResources({
    ...(config.db === 'url' ? { databaseUrl: config.databaseUrl } : {}),
    containers: config.db === 'container',
    log: say,
  }).catch((error: unknown) => {
    // The sweep is the first to reach a --database-url: a server that is not there is the
    // environment's failure (exit 3), named as the provider names it, not a bug of ours.
    if (config.db === 'url') {
      throw new EnvironmentError({
        code: 'E_DATABASE_UNREACHABLE',
        message: `cannot connect to the PostgreSQL server at ${redact(config.databaseUrl ?? '')}: ${(error as Error).message}`,
        fix: 'check that the server runs and the URL (host, port, user, password, database) is right — `pg_isready -d <url>` tells — or use --db embedded',
        cause: error,
      });
    }
    throw error;
  });
  const count = swept.databases.length + swept.containers.length + swept.directories.length + (swept.processes?.length ?? 0) + (swept.profiles?.length ?? 0);
  if (count > 0) say(`swept ${count} resource(s) left by an earlier run that was killed`);
  switch (config.db) {
    case 'embedded':
      return startEmbeddedPostgres({ runId, onLog: (line) => appendFileSync(join(logDir, 'postgres.log'), `${line}\n`) });
    case 'url':
      return startUrlPostgres({ url: config.databaseUrl!, runId });
    case 'container':
      return startContainerPostgres({ image: config.containerImage, runId });
  }
}
