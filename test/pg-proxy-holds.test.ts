// The proxy in hold mode: each client step waits until the control API releases it, so a test
// (later: the scheduler) chooses the order in which statements of different connections run
// inside PostgreSQL; a statement PostgreSQL makes wait on a lock is reported blocked.
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgProxyControlClientError, startPgProxy, type StartedPgProxy, type StepSnapshot, type StepState } from '../harness/explore/index.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

let db: TestDatabase;
let proxy: StartedPgProxy;
let direct: pg.Client;
const clients: pg.Client[] = [];

async function lane(): Promise<pg.Client & { processID: number }> {
  const c = new pg.Client({ connectionString: proxy.url });
  c.on('error', () => {});
  await c.connect();
  clients.push(c);
  return c as pg.Client & { processID: number };
}

/** The latest report of the step of `client` that satisfies `where`, once it is in `state`. */
function step(client: { processID: number }, state: StepState, where: (s: StepSnapshot) => boolean = () => true): Promise<StepSnapshot> {
  return proxy.control.waitForStep((s) => s.backendPid === client.processID && where(s), [state], 20_000);
}

/** Releases one held step and waits for its answer. */
async function run(held: StepSnapshot): Promise<StepSnapshot> {
  await proxy.control.release(held.id);
  return proxy.control.waitForStep((s) => s.id === held.id, ['answered'], 20_000);
}

beforeAll(async () => {
  db = await createTestDatabase();
  direct = new pg.Client({ connectionString: db.url });
  await direct.connect();
  await direct.query('CREATE TABLE execution_log (position serial PRIMARY KEY, lane text NOT NULL)');
  await direct.query('CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)');
  await direct.query('INSERT INTO accounts VALUES (1, 10)');
  proxy = await startPgProxy({ upstream: db.url, adminUrl: db.adminUrl, mode: 'hold', logDir: mkdtempSync(join(tmpdir(), 'pg-proxy-holds-')) });
});

afterAll(async () => {
  expect(proxy?.process.isRunning(), proxy?.process.output()).toBe(true);
  await proxy?.control.setMode('pass').catch(() => undefined);
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await direct?.end();
  await proxy?.[Symbol.asyncDispose]();
  await db?.[Symbol.asyncDispose]();
});

describe('pg-proxy hold mode', () => {
  it('runs two connections\' held statements in the order they are released', async () => {
    const a = await lane();
    const b = await lane();
    const logged = async () => (await direct.query('SELECT lane FROM execution_log ORDER BY position')).rows.map((r) => r.lane);
    for (const order of [['b', 'a'], ['a', 'b']] as const) {
      const inserts = { a: a.query('INSERT INTO execution_log (lane) VALUES ($1)', ['a']), b: b.query('INSERT INTO execution_log (lane) VALUES ($1)', ['b']) };
      const held = { a: await step(a, 'held'), b: await step(b, 'held') };
      expect(held.a).toMatchObject({ label: 'insert into execution_log(lane) values(?)', sql: 'INSERT INTO execution_log (lane) VALUES ($1)', readOnly: false, endsWith: 'sync', backendPid: a.processID });
      expect(held.b.connectionId).not.toBe(held.a.connectionId);
      const before = await logged();
      for (const name of order) {
        expect((await run(held[name])).transactionStatus).toBe('I');
        await inserts[name];
      }
      expect((await logged()).slice(before.length)).toEqual(order);
    }
    expect(await logged()).toEqual(['b', 'a', 'a', 'b']);
  });

  it('reports a SELECT … FOR UPDATE behind another connection\'s lock as blocked, and answered after the commit', async () => {
    const holder = await lane();
    const waiter = await lane();
    const next = async (c: pg.Client & { processID: number }, sql: string, values?: unknown[]) => {
      const result = c.query(sql, values);
      return { result, held: await step(c, 'held', (s) => s.sql === sql) };
    };
    for (const sql of ['BEGIN', 'SELECT balance FROM accounts WHERE id = 1 FOR UPDATE']) {
      const { result, held } = await next(holder, sql);
      await run(held);
      await result;
    }
    let waiterDone = false;
    const locking = await next(waiter, 'SELECT balance FROM accounts WHERE id = $1 FOR UPDATE', [1]);
    void locking.result.then(() => (waiterDone = true));
    expect(locking.held).toMatchObject({ label: 'select balance from accounts where id = ? for update', readOnly: false });
    await proxy.control.release(locking.held.id);
    const blocked = await proxy.control.waitForStep((s) => s.id === locking.held.id, ['blocked'], 20_000);
    expect(blocked.blockedBy).toEqual([holder.processID]);
    expect(waiterDone).toBe(false);

    for (const sql of ['UPDATE accounts SET balance = balance + 1 WHERE id = 1', 'COMMIT']) {
      const { result, held } = await next(holder, sql);
      expect((await run(held)).state).toBe('answered');
      await result;
    }
    const answered = await proxy.control.waitForStep((s) => s.id === locking.held.id, ['answered'], 20_000);
    expect(answered).toMatchObject({ blockedBy: [], error: null });
    expect((await locking.result).rows).toEqual([{ balance: 11 }]);
  });

  it('never sends the held step of a client that left', async () => {
    const leaver = await lane();
    void leaver.query('INSERT INTO execution_log (lane) VALUES ($1)', ['left']).catch(() => undefined);
    const held = await step(leaver, 'held');
    (leaver as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await proxy.control.waitForStep((s) => s.id === held.id, ['dropped'], 20_000);
    await expect(proxy.control.release(held.id)).rejects.toMatchObject({ code: 'E_PG_PROXY_UNKNOWN_STEP', status: 404 });
    expect((await direct.query("SELECT count(*)::int AS n FROM execution_log WHERE lane = 'left'")).rows[0].n).toBe(0);
  });

  it('lets every held step go when switched to pass-through', async () => {
    const c = await lane();
    const pending = c.query('SELECT 41 + 1 AS answer');
    const held = await step(c, 'held');
    expect(held).toMatchObject({ label: 'select ? + ? as answer', readOnly: true, endsWith: 'query' });
    const { released } = await proxy.control.setMode('pass');
    expect(released.map((s) => s.id)).toContain(held.id);
    expect((await pending).rows).toEqual([{ answer: 42 }]);
    expect((await c.query('SELECT 1 AS straight')).rows).toEqual([{ straight: 1 }]);
    await proxy.control.setMode('hold');
  });

  it('releases autocommit statements together so that they overlap inside the database', async () => {
    await direct.query('CREATE TABLE claims (business int NOT NULL, lane text NOT NULL)');
    await direct.query('CREATE TABLE unique_claims (business int PRIMARY KEY, lane text NOT NULL)');
    const a = await lane();
    const b = await lane();
    const claim = 'INSERT INTO claims SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM claims WHERE business = $1)';
    const both = async (sql: string, business: number, together: boolean) => {
      const results = [a.query(sql, [business, 'a']), b.query(sql, [business, 'b'])].map((p) => p.then((r) => r, (e: Error) => e));
      const held = [await step(a, 'held', (s) => s.sql === sql), await step(b, 'held', (s) => s.sql === sql)];
      if (together) await proxy.control.releaseTogether(held[0]!.id, held[1]!.id);
      else for (const h of held) await run(h);
      const answered = await Promise.all(held.map((h) => proxy.control.waitForStep((s) => s.id === h.id, ['answered'], 20_000)));
      return { results: await Promise.all(results), answered };
    };
    // One after the other, the second sees the first's row; together, neither sees the other's.
    await both(claim, 1, false);
    expect((await direct.query('SELECT count(*)::int AS n FROM claims WHERE business = 1')).rows[0].n).toBe(1);
    const overlapped = await both(claim, 2, true);
    expect((await direct.query('SELECT count(*)::int AS n FROM claims WHERE business = 2')).rows[0].n).toBe(2);
    expect(overlapped.answered.map((s) => [s.together, s.transactionStatus])).toEqual([[true, 'I'], [true, 'I']]);
    expect(overlapped.results.map((r) => (r as pg.QueryResult).rowCount)).toEqual([1, 1]);

    // A member blocked by another's uncommitted row waits for that commit, then finishes.
    const upsert = 'INSERT INTO unique_claims VALUES ($1, $2) ON CONFLICT DO NOTHING';
    const blockedRun = await both(upsert, 1, true);
    expect(blockedRun.results.map((r) => (r as pg.QueryResult).rowCount).sort()).toEqual([0, 1]);
    // Without ON CONFLICT the loser gets PostgreSQL's error and its connection is idle again.
    const plain = 'INSERT INTO unique_claims VALUES ($1, $2)';
    const failing = await both(plain, 2, true);
    expect(failing.results.filter((r) => r instanceof Error).map((e) => (e as Error & { code: string }).code)).toEqual(['23505']);
    expect(failing.answered.map((s) => s.transactionStatus)).toEqual(['I', 'I']);
    const followUp = a.query('SELECT 1 AS idle_again');
    await run(await step(a, 'held', (s) => s.sql === 'SELECT 1 AS idle_again'));
    expect((await followUp).rows).toEqual([{ idle_again: 1 }]);

    // A statement that means something else inside a transaction block is refused.
    const begin = a.query('BEGIN');
    const commitLater = b.query('SELECT 2 AS b_alone');
    const heldBegin = await step(a, 'held', (s) => s.sql === 'BEGIN');
    const heldB = await step(b, 'held', (s) => s.sql === 'SELECT 2 AS b_alone');
    // The state says so before anyone tries: a held step carries why it cannot go together.
    expect(heldBegin.togetherRefusal).toMatch(/does not mean the same inside a transaction block/);
    expect(heldB.togetherRefusal).toBeNull();
    await expect(proxy.control.releaseTogether(heldBegin.id, heldB.id)).rejects.toMatchObject({ status: 409, code: 'E_PG_PROXY_NOT_TOGETHER' });
    await proxy.control.release(heldBegin.id, heldB.id);
    await Promise.all([begin, commitLater]);
    // Inside the transaction, a's next statement cannot be wrapped either, and /state says why.
    const inside = a.query('SELECT 3 AS inside');
    const heldInside = await step(a, 'held', (s) => s.sql === 'SELECT 3 AS inside');
    expect(heldInside.togetherRefusal).toMatch(/inside a transaction/);
    await run(heldInside);
    await inside;
    const rollback = a.query('ROLLBACK');
    await run(await step(a, 'held', (s) => s.sql === 'ROLLBACK'));
    await rollback;
  });

  it('answers bad control requests with a stable code, and refuses foreign hosts and origins', async () => {
    const error = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a rejection'); }, (e: PgProxyControlClientError) => ({ status: e.status, code: e.code }));
    expect(await error(proxy.control.release(999_999))).toEqual({ status: 404, code: 'E_PG_PROXY_UNKNOWN_STEP' });
    expect(await error(proxy.control.releaseTogether(999_998, 999_999))).toEqual({ status: 404, code: 'E_PG_PROXY_UNKNOWN_STEP' });
    const bad = await fetch(`${proxy.controlUrl}/release`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"steps":["x"]}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('E_PG_PROXY_BAD_BODY');
    const port = Number(new URL(proxy.controlUrl).port);
    expect(await rawStatus(port, { host: `evil.example:${port}` })).toEqual({ status: 403, code: 'E_PG_PROXY_HOST' });
    expect(await rawStatus(port, { host: `127.0.0.1:${port}`, origin: 'http://evil.example' })).toEqual({ status: 403, code: 'E_PG_PROXY_ORIGIN' });
    expect(await rawStatus(port, { host: `localhost:${port}` })).toEqual({ status: 200, code: undefined });
  });
});

function rawStatus(port: number, headers: Record<string, string>): Promise<{ status: number; code: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/state', headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, code: (JSON.parse(body) as { error?: { code: string } }).error?.code }));
    });
    req.on('error', reject);
    req.end();
  });
}
