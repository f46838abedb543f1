import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { EnvironmentError, UsageError } from '../errors.ts';
import { serverVersion, withAdminClient } from './database-admin.ts';
import { createClusterHandle, type DatabaseCluster } from './database-cluster.ts';

// The `url` provider: any PostgreSQL the user points us at. The server is not ours, so the
// cluster only ever creates and drops its own labelled databases (exactly1_<runId>_<n>) and
// leaves everything else alone; stop() drops what it created and closes nothing else.

export interface UrlPostgresOptions {
  /** A URL to a maintenance database (e.g. postgres://postgres@127.0.0.1:5432/postgres). */
  url: string;
  runId?: string;
}

export async function startUrlPostgres(options: UrlPostgresOptions): Promise<DatabaseCluster> {
  const runId = options.runId ?? newRunId();
  checkRunId(runId);
  const url = checkUrl(options.url);
  const shown = redact(url);

  let canCreate: boolean;
  try {
    canCreate = await withAdminClient(url, async (client) => {
      const { rows } = await client.query<{ can: boolean }>('SELECT rolsuper OR rolcreatedb AS can FROM pg_roles WHERE rolname = current_user');
      return rows[0]?.can ?? false;
    });
  } catch (error) {
    throw new EnvironmentError({
      code: 'E_DATABASE_UNREACHABLE',
      message: `cannot connect to the PostgreSQL server at ${shown}: ${(error as Error).message}`,
      fix: 'check that the server runs and the URL (host, port, user, password, database) is right — `pg_isready -d <url>` tells — or use --db embedded',
      cause: error,
    });
  }
  if (!canCreate) {
    throw new EnvironmentError({
      code: 'E_DATABASE_NO_CREATEDB',
      message: `the user of ${shown} may not create databases, and each scenario cell needs a fresh one`,
      fix: 'grant it (ALTER ROLE <user> CREATEDB), connect as a user who may, or use --db embedded',
    });
  }
  const version = await serverVersion(url);
  // Nothing to release: the server outlives the run. createClusterHandle drops our databases.
  const cluster = createClusterHandle('url', url, runId, version, async () => {});
  const create = cluster.createDatabase.bind(cluster);
  cluster.createDatabase = async (opts) => {
    const created = await create(opts);
    await labelWithHost(url, created.name, runId);
    return created;
  };
  return cluster;
}

/**
 * A url server may be shared by several machines (a CI database, a team server): the label
 * names this host too, so a sweep elsewhere never mistakes our live pid for a dead one of its own.
 */
async function labelWithHost(url: string, name: string, runId: string): Promise<void> {
  await withAdminClient(url, async (client) => {
    const { rows } = await client.query<{ comment: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [name]);
    let label: Record<string, unknown> = { runId, pid: process.pid, startedAt: new Date().toISOString() };
    try {
      label = { ...(JSON.parse(rows[0]?.comment ?? '') as { exactlyOne: Record<string, unknown> }).exactlyOne };
    } catch {
      // keep the default label
    }
    const comment = JSON.stringify({ exactlyOne: { ...label, host: hostname() } });
    await client.query(`COMMENT ON DATABASE ${client.escapeIdentifier(name)} IS ${client.escapeLiteral(comment)}`);
  });
}

export function newRunId(): string {
  return randomBytes(4).toString('hex');
}

/** Run ids become part of database names and labels: keep them to lower-case identifier characters. */
export function checkRunId(runId: string): void {
  if (!/^[a-z0-9]{1,32}$/.test(runId)) {
    throw new UsageError({ code: 'E_BAD_RUN_ID', message: `run id ${JSON.stringify(runId)} cannot be part of a database name`, value: runId, fix: 'use 1–32 lower-case letters and digits' });
  }
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid:');
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new UsageError({
      code: 'E_BAD_DATABASE_URL',
      message: `${JSON.stringify(url)} is not a postgres:// URL`,
      value: url,
      fix: 'give --database-url postgres://user[:password]@host:5432/postgres',
    });
  }
  return url;
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
