import pg from 'pg';

// Database creation and removal over a maintenance connection, shared by the providers.
// Databases are labelled by name prefix and by a COMMENT carrying the owning run and pid,
// so a later run can sweep what a killed one left behind.

export const DATABASE_PREFIX = 'exactly1_';

export interface DatabaseLabel {
  runId: string;
  pid: number;
  startedAt: string;
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createLabelledDatabase(
  adminUrl: string,
  name: string,
  label: DatabaseLabel,
  template?: string,
): Promise<string> {
  await withAdminClient(adminUrl, async (client) => {
    const ident = client.escapeIdentifier(name);
    const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
    await client.query(`CREATE DATABASE ${ident}${from}`);
    await client.query(`COMMENT ON DATABASE ${ident} IS ${client.escapeLiteral(JSON.stringify({ exactlyOne: label }))}`);
  });
  return databaseUrl(adminUrl, name);
}

export async function dropDatabaseForce(adminUrl: string, name: string): Promise<void> {
  await withAdminClient(adminUrl, async (client) => {
    // WITH (FORCE) terminates the database's sessions first (PostgreSQL 13+).
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

export async function serverVersion(adminUrl: string): Promise<string> {
  return withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version.split(' ')[0] ?? 'unknown';
  });
}
