import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startUrlPostgres } from '../harness/db/url-postgres.ts';
import { isAlive, sweepStaleResources } from '../harness/db/sweep.ts';
import { EnvironmentError } from '../harness/errors.ts';

// The url provider against a real PostgreSQL server, and what a killed or interrupted run
// leaves behind on it. CI sets EXACTLY_ONE_TEST_DATABASE_URL; elsewhere the machine's own
// server on 127.0.0.1:5432 is used if it answers, else these tests report skipped with the reason.

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = resolve(import.meta.dirname, '..');

async function answers(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

const explicit = process.env.EXACTLY_ONE_TEST_DATABASE_URL;
const serverUrl = explicit ?? DEFAULT_URL;
const problem = await answers(serverUrl);
// An explicitly configured server that does not answer is a failure, not a skip.
const skipReason = problem && !explicit ? `no PostgreSQL answers at ${DEFAULT_URL} (${problem}); set EXACTLY_ONE_TEST_DATABASE_URL to test the url provider` : undefined;

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  return (await query(serverUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;
}

const scratch = mkdtempSync(join(tmpdir(), 'exactly-one-db-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a TypeScript module in a child node; yields its stdout lines; returns the child. */
function startScript(body: string) {
  const file = join(scratch, `script-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(file, body.replaceAll('@root', ROOT));
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EXACTLY_ONE_TEST_DATABASE_URL: serverUrl } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  const nextLine = async () => {
    const next = await lines.next();
    if (next.done) throw new Error(`the script ended before printing what was expected:\n${stderr}`);
    return next.value;
  };
  return { child, nextLine, exited, stderr: () => stderr };
}

describe('url provider', () => {
  it('creates labelled databases (also from a template), drops them with their sessions, and stop() drops the rest', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const cluster = await startUrlPostgres({ url: serverUrl, runId: 'urltest1' });
    try {
      expect(cluster.provider).toBe('url');
      expect(cluster.serverVersion).toMatch(/^\d+\.\d+/);
      const first = await cluster.createDatabase();
      expect(first.name).toBe('exactly1_urltest1_1');
      await query(first.url, 'CREATE TABLE marker (id int); INSERT INTO marker VALUES (42)');
      const [label] = await query<{ comment: string }>(serverUrl, `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [first.name]);
      expect(JSON.parse(label!.comment)).toMatchObject({ exactlyOne: { runId: 'urltest1', pid: process.pid, host: hostname() } });

      const copy = await cluster.createDatabase({ template: first.name });
      expect(await query(copy.url, 'SELECT id FROM marker')).toEqual([{ id: 42 }]);

      // A session still open on the database does not stop the drop.
      const session = new pg.Client({ connectionString: copy.url });
      session.on('error', () => {});
      await session.connect();
      await cluster.dropDatabase(copy.name);
      expect(await databaseExists(copy.name)).toBe(false);
      await expect(session.query('SELECT 1')).rejects.toThrow();
      await session.end().catch(() => {});

      await cluster.stop();
      expect(await databaseExists(first.name)).toBe(false);
    } finally {
      await cluster.stop();
    }
  });

  it('refuses a user who may not create databases, with the fix (exit 3)', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const [me] = await query<{ su: boolean }>(serverUrl, 'SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user');
    if (!me?.su) ctx.skip('the test server user is no superuser, so it cannot make a role without CREATEDB');
    const role = `exactly1_nocreatedb_${process.pid}`;
    const password = 'pw' + Math.random().toString(36).slice(2);
    await query(serverUrl, `CREATE ROLE ${role} LOGIN NOCREATEDB PASSWORD '${password}'`);
    try {
      const url = new URL(serverUrl);
      url.username = role;
      url.password = password;
      const error = await startUrlPostgres({ url: url.toString() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EnvironmentError);
      expect((error as EnvironmentError).code).toBe('E_DATABASE_NO_CREATEDB');
      expect((error as EnvironmentError).message).not.toContain(password);
      expect((error as EnvironmentError).fix).toContain('CREATEDB');
    } finally {
      await query(serverUrl, `DROP ROLE ${role}`);
    }
  });

  it('says which server is unreachable, with the fix (exit 3)', async () => {
    const error = await startUrlPostgres({ url: 'postgres://postgres@127.0.0.1:1/postgres' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).code).toBe('E_DATABASE_UNREACHABLE');
    expect((error as EnvironmentError).message).toContain('127.0.0.1:1');
    expect((error as EnvironmentError).fix).toContain('--db embedded');
  });
});

describe('cleanup after a killed, interrupted or crashed run (url provider)', () => {
  it('a new run sweeps the databases of a SIGKILLed run and leaves live runs alone', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const killed = startScript(`
      import { startUrlPostgres } from '@root/harness/db/url-postgres.ts';
      const cluster = await startUrlPostgres({ url: process.env.EXACTLY_ONE_TEST_DATABASE_URL!, runId: 'killed${process.pid}' });
      console.log((await cluster.createDatabase()).name);
      setInterval(() => {}, 1000);
    `);
    const staleName = await killed.nextLine();
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(await databaseExists(staleName)).toBe(true);

    await using live = await startUrlPostgres({ url: serverUrl, runId: `live${process.pid}` });
    const liveDb = await live.createDatabase();
    // A run on another machine sharing the server: its pid means nothing here.
    const elsewhere = await live.createDatabase();
    const otherHost = JSON.stringify({ exactlyOne: { runId: 'elsewhere', pid: 999_999_999, host: 'another-machine' } });
    await query(serverUrl, `COMMENT ON DATABASE ${elsewhere.name} IS '${otherHost}'`);
    const report = await sweepStaleResources({ databaseUrl: serverUrl, embeddedRoot: false });
    expect(report.databases).toContain(staleName);
    expect(await databaseExists(staleName)).toBe(false);
    expect(await databaseExists(liveDb.name)).toBe(true);
    expect(await databaseExists(elsewhere.name)).toBe(true);
  });

  it.for([
    ['Ctrl-C', 'interrupt', 130],
    ['a crash', 'crash', 4],
    ['a failed assertion (violation)', 'violation', 1],
  ] as const)('%s through the CLI leaves no database behind', async ([, mode, expectedCode], ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const run = startScript(`
      import { runCli } from '@root/harness/cli/index.ts';
      import { startUrlPostgres } from '@root/harness/db/url-postgres.ts';
      const code = await runCli(['gate', '--seed', '5'], { commands: { gate: async (_config, context) => {
        const cluster = await startUrlPostgres({ url: process.env.EXACTLY_ONE_TEST_DATABASE_URL!, runId: 'cli${process.pid}${mode}' });
        context.onShutdown(() => cluster.stop());
        console.log((await cluster.createDatabase()).name);
        if ('${mode}' === 'crash') throw new Error('boom');
        if ('${mode}' === 'violation') return 1;
        // (a real command holds servers and processes open; this one holds a timer, or node would exit 13)
        const keepAlive = setInterval(() => {}, 1000);
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
        clearInterval(keepAlive);
        return 0;
      } } });
      process.exit(code);
    `);
    const name = await run.nextLine();
    expect(await databaseExists(name)).toBe(true);
    if (mode === 'interrupt') run.child.kill('SIGINT');
    expect(await run.exited).toBe(expectedCode);
    expect(await databaseExists(name)).toBe(false);
    expect(isAlive(run.child.pid!)).toBe(false);
  });
});
