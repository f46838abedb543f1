import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../config/index.ts';
import type { DatabaseCluster } from './database-cluster.ts';
import { startContainerPostgres } from './container-postgres.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { sweepStaleResources } from './sweep.ts';
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
  });
  const count = swept.databases.length + swept.containers.length + swept.directories.length;
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
