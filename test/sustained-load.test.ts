import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../model/index.ts';
import { loadSettingsOf } from '../harness/config/index.ts';
import type { DriveContext } from '../harness/drivers/driver.ts';
import { driveLoad, NO_PURCHASE_FEED, type LoadEvidence } from '../harness/drivers/load/index.ts';
import { createBurstEngine } from '../harness/engines/index.ts';
import { createHistoryRecorder } from '../harness/history/index.ts';
import { runExactlyOne } from './support/cli-process.ts';
import { accountSid, processesWith } from './support/leftovers.ts';

// The open model against a real, slow node:http server: the server holds every answer until the
// test lets it go, so only an open-model sender can get requests to it on schedule. No timing is
// asserted: each test waits for an event (N requests received, the arrival phase over).

interface HeldServer extends AsyncDisposable {
  url: string;
  received: number;
  peakOutstanding: number;
  /** Resolves once `n` requests have arrived. */
  receivedAtLeast(n: number): Promise<void>;
  releaseAll(): void;
}

async function heldServer(): Promise<HeldServer> {
  const held: ServerResponse[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let released = false;
  const state = { received: 0, outstanding: 0, peakOutstanding: 0 };
  const answer = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, phoneNumber: '+18285550100', alreadyComplete: false }));
    state.outstanding -= 1;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      state.received += 1;
      state.outstanding += 1;
      state.peakOutstanding = Math.max(state.peakOutstanding, state.outstanding);
      for (const w of waiters.filter((w) => state.received >= w.n)) w.resolve();
      if (released) answer(res);
      else held.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const releaseAll = () => {
    released = true;
    for (const res of held.splice(0)) answer(res);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    get received() {
      return state.received;
    },
    get peakOutstanding() {
      return state.peakOutstanding;
    },
    receivedAtLeast: (n) => (state.received >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    releaseAll,
    async [Symbol.asyncDispose]() {
      releaseAll();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function context(url: string, settings: Parameters<typeof loadSettingsOf>[0], onProgress: (line: string) => void = () => {}) {
  let next = 0;
  const history = createHistoryRecorder({ scenario: 'sustained-load' });
  const engine = createBurstEngine({ timeoutMs: 60_000 });
  const seeded: number[] = [];
  const ctx = {
    history,
    engine,
    fleet: { urls: [url] },
    plan: { areaCode: '828' },
    requestTimeoutMs: 60_000,
    signal: new AbortController().signal,
    seed: 42,
    variant: 'fixed',
    seedBusinesses: async ({ count }: { count: number }) => {
      seeded.push(count);
      return Array.from({ length: count }, () => ({ id: `biz-${next}`, name: `Business ${next++}`, ownerToken: 'token' }));
    },
    progress: onProgress,
    fake: null,
    load: loadSettingsOf(settings),
  } as unknown as DriveContext;
  return { ctx, history, engine, seeded };
}

describe('sustained-load against a slow target', () => {
  it('keeps the schedule: every arrival reaches a target that answers none of them until all have arrived', async () => {
    await using server = await heldServer();
    const { ctx, history, engine } = context(server.url, { rate: 20, durationMs: 2_000, duplicates: 0 });
    await using _engine = engine;
    // A closed-model sender with fewer than 40 workers could never deliver the 40th request here.
    void server.receivedAtLeast(40).then(() => server.releaseAll());
    const { evidence } = await driveLoad(ctx, { feed: NO_PURCHASE_FEED });
    const load = evidence.load as LoadEvidence;
    expect(load).toMatchObject({ scheduled: 40, due: 40, arrivals: 40, dropped: 0, stoppedBy: 'schedule', interrupted: false });
    expect(server.peakOutstanding).toBe(40);
    const ops = history.operations();
    expect(ops).toHaveLength(40);
    expect(ops.every((op) => op.client === 'load' && op.status === 200)).toBe(true);
    expect(new Set(ops.map((op) => op.businessId)).size).toBe(40);
    expect(load.latencyMs.p50).toBeGreaterThan(0);
  });

  it('counts what could not be sent as dropped: arrivals + dropped = the schedule', async () => {
    await using server = await heldServer();
    const lines: string[] = [];
    const { ctx, history, engine, seeded } = context(server.url, { rate: 20, durationMs: 2_000, duplicates: 0, maxInFlight: 10, thresholds: [] }, (line) => {
      lines.push(line);
      // Answers only once the arrival phase is over, so every arrival after the 10th found no room.
      if (line.startsWith('load: arrivals over')) server.releaseAll();
    });
    await using _engine = engine;
    const { evidence } = await driveLoad(ctx, { feed: NO_PURCHASE_FEED });
    const load = evidence.load as LoadEvidence;
    expect(load).toMatchObject({ scheduled: 40, arrivals: 10, dropped: 30, peakInFlight: 10 });
    expect(load.arrivals + load.dropped).toBe(load.scheduled);
    expect(server.received).toBe(10);
    expect(history.operations()).toHaveLength(10);
    // The whole schedule was seeded before the clock started; the dropped arrivals' share is unused.
    expect(seeded).toEqual([40]);
    expect(load.unusedBusinesses).toBe(30);
    expect(lines.some((l) => l.includes('10 sent, 30 dropped of 40 due'))).toBe(true);
    // The series says when they were dropped and accounts for each; its origin is on the history's clock, before the first request.
    expect(load.series.reduce((n, p) => n + (p.dropped ?? 0), 0)).toBe(30);
    const firstInvoke = history.operations().map((op) => BigInt(op.invokeNs)).reduce((a, b) => (a < b ? a : b));
    expect(BigInt(load.startedAtNs!)).toBeLessThanOrEqual(firstInvoke);
    expect(Number(firstInvoke - BigInt(load.startedAtNs!)) / 1e9).toBeLessThan(1);
  });

  it('sends the seeded duplicates through the one recorder and judges thresholds as written', async () => {
    await using server = await heldServer();
    server.releaseAll();
    const { parseThreshold } = await import('../harness/config/index.ts');
    const thresholds = ['dropped<=0', 'error_rate<0.01', 'p99<1', 'achieved_rate>=1000'].map((t) => parseThreshold(t) as Exclude<ReturnType<typeof parseThreshold>, string>);
    const { ctx, history, engine } = context(server.url, { rate: 20, durationMs: 1_000, duplicates: 1, thresholds });
    await using _engine = engine;
    const { evidence } = await driveLoad(ctx, { feed: NO_PURCHASE_FEED });
    const load = evidence.load as LoadEvidence;
    expect(load.arrivals).toBe(20);
    const ops = history.operations();
    // Every business sends a duplicate, except a retry client whose first request was answered in time.
    expect(ops.length).toBeGreaterThan(20);
    expect(load.requests).toBe(ops.length);
    expect(Object.fromEntries(load.thresholds.map((t) => [t.expression, t.ok]))).toEqual({
      'dropped<=0': true, 'error_rate<0.01': true, 'p99<1': false, 'achieved_rate>=1000': false,
    });
  });
});

describe('sustained-load flags through the CLI', () => {
  it('exits 2 on a bad threshold or stage, naming it, before anything starts', async () => {
    const threshold = await runExactlyOne(['run', 'sustained-load', '--threshold', 'p95<1500', '--threshold', 'latency<9']);
    expect(threshold.code).toBe(2);
    expect(threshold.stderr).toContain('E_BAD_FLAG');
    expect(threshold.stderr).toContain('"latency<9" names no known metric ("latency")');
    const stages = await runExactlyOne(['run', 'sustained-load'], { env: { EXACTLY_ONE_STAGES: '10s:5,later:10' } });
    expect(stages.code).toBe(2);
    expect(stages.stderr).toContain('EXACTLY_ONE_STAGES');
    expect(stages.stderr).toContain('stage "later:10" has no valid duration');
  });
});

describe('sustained-load thresholds through the CLI, against our app', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const run = async (thresholds: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'exactly-one-sustained-load-'));
    dirs.push(dir);
    const args = ['run', 'sustained-load', '--strategy', 'idempotent', '--rate', '5', '--duration', '2s', '--duplicates', '0', '--report-dir', dir, '--seed', '11'];
    const cli = await runExactlyOne([...args, ...thresholds.flatMap((t) => ['--threshold', t])]);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;
    return { cli, result, junit: readFileSync(join(dir, 'junit.xml'), 'utf8') };
  };

  it('exits 0 when every threshold holds and 1 when one fails, naming it in result.json and JUnit', async () => {
    const held = await run(['dropped<=0', 'p50>=1']);
    expect(held.cli.code, held.cli.stderr).toBe(0);
    expect(held.result.scenarios[0]!.load).toMatchObject({ arrivals: 10, dropped: 0, thresholds: [{ expression: 'dropped<=0', ok: true }, { expression: 'p50>=1', ok: true }] });

    // Every invariant holds for idempotent; only the threshold fails the cell.
    const failed = await run(['dropped<=0', 'p99<1']);
    expect(failed.cli.code, failed.cli.stderr).toBe(1);
    const cell = failed.result.scenarios[0]!;
    expect(cell.verdict).toBe('fail');
    expect(cell.invariants.every((i) => i.held === true)).toBe(true);
    expect(cell.load!.thresholds).toEqual([{ expression: 'dropped<=0', value: 0, ok: true }, { expression: 'p99<1', value: cell.load!.latencyMs.p99, ok: false }]);
    expect(failed.junit).toMatch(/<testcase[^>]*name="threshold p99&lt;1"[^>]*>\s*<failure/);
    expect(failed.junit).toMatch(/<testcase[^>]*name="threshold dropped&lt;=0"[^>]*\/>/);
  });
});

describe('sustained-load interrupted mid-run', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('Ctrl-C while arrivals are under way: exit 130, a complete report that judges only what was sent, nothing left running', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exactly-one-sustained-load-'));
    dirs.push(dir);
    const sid = accountSid();
    let interruptedAt: string | null = null;
    // A 60 s schedule, interrupted at its first progress line (5 s in, without a terminal).
    const cli = await runExactlyOne([
      'run', 'sustained-load', '--strategy', 'idempotent', '--rate', '10', '--duration', '60s', '--seed', '5',
      '--twilio-account-sid', sid, '--twilio-auth-token', 'secret', '--report-dir', dir,
    ], {
      onStderr: (text, child) => {
        const line = /load \d+s\/60s · [^\n]*/.exec(text);
        if (interruptedAt === null && line) {
          interruptedAt = line[0];
          child.kill('SIGINT');
        }
      },
    });
    expect(interruptedAt, cli.stderr).not.toBeNull();
    expect(cli.code, cli.stderr).toBe(130);
    for (const file of ['result.json', 'junit.xml', 'index.html', 'history.jsonl']) expect(existsSync(join(dir, file)), file).toBe(true);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;
    expect(result).toMatchObject({ verdict: 'error', interrupted: true });
    const cell = result.scenarios[0]!;
    const load = cell.load!;
    expect(load.arrivals).toBeGreaterThan(0);
    expect(load.arrivals).toBeLessThan(600);
    // The businesses judged are the ones an arrival took, not the rest of the seeded schedule.
    expect(cell.businesses).toBe(load.arrivals);
    const byCode = Object.fromEntries(cell.invariants.map((i) => [i.code, i]));
    expect(byCode.ALL_ONBOARDED).toMatchObject({ held: null, reason: 'the run was interrupted before the settle step' });
    for (const inv of cell.invariants.filter((i) => i.code !== 'ALL_ONBOARDED')) expect(inv.held, `${inv.code}: ${JSON.stringify(inv.violations)}`).toBe(true);
    expect(cli.stderr).toContain('The run could not finish: it was interrupted');
    expect(processesWith(sid)).toEqual([]);
  });
});
