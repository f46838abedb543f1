import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, EMBEDDED_ROOT } from '../harness/db/embedded-postgres.ts';
import { createTestDatabase } from './support/database.ts';
import { join } from 'node:path';

describe('embedded PostgreSQL provider', () => {
  it('starts a private cluster, creates labelled databases from a template, and removes everything on stop', async () => {
    const cluster = await startEmbeddedPostgres({ runId: 'unit' });
    const dir = join(EMBEDDED_ROOT, `pg-unit-${process.pid}`);
    expect(existsSync(dir)).toBe(true);
    expect(cluster.serverVersion).toMatch(/^17\./);
    const first = await cluster.createDatabase();
    const client = new pg.Client(first.url);
    await client.connect();
    await client.query('CREATE TABLE marker (id int)');
    await client.end();
    const second = await cluster.createDatabase({ template: first.name });
    const copy = new pg.Client(second.url);
    await copy.connect();
    const { rows } = await copy.query(`SELECT to_regclass('marker') AS t, shobj_description(oid, 'pg_database') AS label FROM pg_database WHERE datname = current_database()`);
    await copy.end();
    expect(rows[0].t).toBe('marker');
    expect(JSON.parse(rows[0].label).exactlyOne.runId).toBe('unit');
    await cluster.stop();
    expect(existsSync(dir)).toBe(false);
    await expect(new pg.Client(cluster.adminUrl).connect()).rejects.toThrow();
  });

  it('gives each test its own database on the shared cluster', async () => {
    await using a = await createTestDatabase();
    await using b = await createTestDatabase();
    expect(a.url).not.toBe(b.url);
  });
});
