// `fake-twilio.purchases_per_s` (DESIGN §10): purchases by area code from 50 concurrent undici
// clients over loopback, latency off, against a bare node:http handler measured in the same run
// (`baseline_per_s`), so the ratio says what the fake itself costs on this machine. Each server
// runs in its own process, as the harness runs the fake (`fake-twilio/main`), so the clients do
// not share the server's event loop; the count and the time of every run are bounded.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import type { BenchLine, BenchOptions } from './bench-line.ts';

const CONCURRENCY = 50;

interface Run {
  done: number;
  failed: number;
  seconds: number;
}

/** Sends up to `count` purchases from `CONCURRENCY` loops, stopping early at `maxMs`. */
async function drive(url: string, path: string, headers: Record<string, string>, count: number, maxMs: number): Promise<Run> {
  const pool = new Pool(url, { connections: CONCURRENCY, pipelining: 1 });
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
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  } finally {
    await pool.close();
  }
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

  opts.progress?.('fake-twilio purchases: warming up');
  await drive(fake.url, path, headers, warmup, maxMs);
  await drive(bare.url, path, headers, warmup, maxMs);
  opts.progress?.(`fake-twilio purchases: ${count} against the fake`);
  const fakeRun = await drive(fake.url, path, headers, count, maxMs);
  opts.progress?.(`fake-twilio purchases: ${count} against a bare node:http handler`);
  const bareRun = await drive(bare.url, path, headers, count, maxMs);
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
      quick: opts.quick,
    },
  ];
}
