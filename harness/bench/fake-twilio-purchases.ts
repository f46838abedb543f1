// `fake-twilio.purchases_per_s` (docs/bench.md): purchases by area code from 50 concurrent undici
// clients over loopback, latency off, against a bare node:http handler measured in the same run,
// in alternating rounds (`baseline_per_s`), so the ratio says what the fake itself costs on this machine. Each server
// runs in its own process, as the harness runs the fake (`fake-twilio/main`), so the clients do
// not share the server's event loop; the count and the time of every run are bounded.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { CleanupStack } from '../processes/cleanup-stack.ts';
import type { BenchLine, BenchOptions } from './bench-line.ts';

const CONCURRENCY = 50;
/** Turns each server gets; an even number, so each goes first as often as second. */
const ROUNDS = 10;

interface Run {
  done: number;
  failed: number;
  seconds: number;
}

/** Sends up to `count` purchases from `CONCURRENCY` loops on `pool`, stopping early at `maxMs`. */
async function drive(pool: Pool, path: string, headers: Record<string, string>, count: number, maxMs: number): Promise<Run> {
  let issued = 0;
  let done = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + maxMs;
  const body = 'AreaCode=828&FriendlyName=business%3Abench&SmsUrl=http%3A%2F%2F127.0.0.1%2Fsms';
  const loop = async (): Promise<void> => {
    while (issued < count && Date.now() < deadline) {
      issued++;
      try {
        const res = await pool.request({ method: 'POST', path, headers, body });
        await res.body.text();
        if (res.statusCode === 201) done++;
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return { done, failed, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** A server in its own process, as the harness runs the fake: the clients get this process's core. */
async function startChild(args: string[], readyLine: RegExp): Promise<{ url: string; stdout: () => string } & AsyncDisposable> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = readyLine.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited ${code} before it was ready: ${out}`)));
  });
  return {
    url,
    stdout: () => out,
    async [Symbol.asyncDispose]() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// The baseline: a bare node:http handler that reads the body and answers a fixed 201 JSON of the
// same size as a purchase response. Plain JavaScript, so it runs without a TypeScript loader.
const BARE_SERVER = `
import { createServer } from 'node:http';
const body = process.argv[1];
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log('bare listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

export async function benchFakeTwilioPurchases(opts: BenchOptions): Promise<BenchLine[]> {
  const count = opts.quick ? 3_000 : 20_000;
  const maxMs = opts.quick ? 10_000 : 30_000;
  const warmup = opts.quick ? 300 : 1_000;

  // main.ts under tsx (npm run bench), main.js when compiled: the same loader flags as this process.
  const mainPath = fileURLToPath(new URL(`../../fake-twilio/main${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
  await using fake = await startChild([...process.execArgv, mainPath, '--port', '0', '--latency', 'off', '--seed', '1'], /fake-twilio listening on (http:\/\/\S+)\n[\s\S]*auth token:\s+\S+\n/);
  const accountSid = /account SID: (\S+)/.exec(fake.stdout())![1]!;
  const authToken = /auth token:\s+(\S+)/.exec(fake.stdout())![1]!;
  const path = `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`;
  const headers = {
    authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  };
  const sample = JSON.stringify((await (await fetch(`${fake.url}${path}`, { method: 'POST', headers, body: 'AreaCode=828' })).json()) as unknown);
  await using bare = await startChild(['--input-type=module', '-e', BARE_SERVER, sample], /bare listening on (http:\/\/\S+)\n/);

  // One pool per server for the whole bench, its connections opened by the warm-up, so no round
  // pays for connecting.
  await using pools = new CleanupStack();
  const fakePool = new Pool(fake.url, { connections: CONCURRENCY, pipelining: 1 });
  const barePool = new Pool(bare.url, { connections: CONCURRENCY, pipelining: 1 });
  for (const pool of [fakePool, barePool]) pools.defer(() => pool.close());
  opts.progress?.('fake-twilio purchases: warming up');
  await drive(fakePool, path, headers, warmup, maxMs);
  await drive(barePool, path, headers, warmup, maxMs);
  // Interleaved: the two servers take turns in short rounds (fake first on even rounds, bare
  // first on odd ones), so a burst of load from the rest of the machine lands on both alike
  // instead of on whichever happened to run second.
  const fakeRun: Run = { done: 0, failed: 0, seconds: 0 };
  const bareRun: Run = { done: 0, failed: 0, seconds: 0 };
  const perRound = Math.ceil(count / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    opts.progress?.(`fake-twilio purchases: round ${round + 1}/${ROUNDS}, ${perRound} against the fake and ${perRound} against a bare node:http handler`);
    const turns: [Pool, Run][] = [[fakePool, fakeRun], [barePool, bareRun]];
    if (round % 2 === 1) turns.reverse();
    for (const [pool, total] of turns) {
      const run = await drive(pool, path, headers, perRound, maxMs / ROUNDS);
      total.done += run.done;
      total.failed += run.failed;
      total.seconds += run.seconds;
    }
  }
  const state = (await (await fetch(`${fake.url}/__admin/state`)).json()) as { committed: number };
  const perS = fakeRun.done / fakeRun.seconds;
  const baseline = bareRun.done / bareRun.seconds;
  return [
    {
      name: 'fake-twilio.purchases_per_s',
      value: Math.round(perS),
      unit: 'purchases/s',
      baseline_per_s: Math.round(baseline),
      ratio: Number((perS / baseline).toFixed(3)),
      concurrency: CONCURRENCY,
      purchases: fakeRun.done,
      failed: fakeRun.failed,
      committed: state.committed,
      target_per_s: 2000,
      rounds: ROUNDS,
      interleaved: true,
      quick: opts.quick,
    },
  ];
}
