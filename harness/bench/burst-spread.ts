// `npm run bench` lines burst.arrival_spread_ms and burst.tightness_ratio (DESIGN §10): how
// close together the requests of one burst reach a target, per burst method, against the
// baseline a test written with Promise.all(fetch(...)) gets. The target is a one-process
// node:http server in a child process (its own event loop, as a real target has), stamping
// X-Arrival-Ns when each request's body has fully arrived.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import * as hdr from 'hdr-histogram-js';
import { createBurstEngine, type BurstMethod, type EngineRequest } from '../engines/index.ts';
import type { BenchLine, BenchOptions } from './bench-line.ts';

const SIZES = [5, 20, 50] as const;
const METHODS: readonly BurstMethod[] = ['fetch', 'warm', 'last-byte'];
/** Whole bench bounded in time as well as count: past this, each cell reports the bursts it got. */
const DEADLINE_MS = 240_000;

const TARGET_SOURCE = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.setHeader('X-Arrival-Ns', process.hrtime.bigint().toString());
    res.setHeader('content-type', 'application/json');
    res.end('{"success":true,"phoneNumber":"+18285550100","alreadyComplete":false}');
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
process.stdin.on('end', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
process.stdin.resume();
`;

interface SpreadTarget extends AsyncDisposable {
  url: string;
}

/** Starts the stamping target; it exits when our end of its stdin closes, so it cannot outlive us. */
async function startSpreadTarget(): Promise<SpreadTarget> {
  const child: ChildProcess = spawn(process.execPath, ['-e', TARGET_SOURCE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const port = await Promise.race([
    (async () => {
      for await (const line of lines) {
        const match = /^listening (\d+)$/.exec(line);
        if (match) return Number(match[1]);
      }
      throw new Error('burst-spread target closed its output before listening');
    })(),
    exited.then(([code]) => {
      throw new Error(`burst-spread target exited with ${String(code)} before listening`);
    }),
  ]);
  return {
    url: `http://127.0.0.1:${port}`,
    async [Symbol.asyncDispose]() {
      lines.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function microsHistogram() {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}

const ms = (micros: number): number => Math.round(micros) / 1000;

export interface BurstSpreadOptions extends BenchOptions {
  /** Recorded bursts per size and method; default 200 (40 with quick). */
  bursts?: number;
  /** Stops early (Ctrl-C); each cell then reports the bursts it got. */
  signal?: AbortSignal;
}

export async function benchBurstSpread(opts: BurstSpreadOptions): Promise<BenchLine[]> {
  const bursts = opts.bursts ?? (opts.quick ? 40 : 200);
  const warmup = opts.quick || opts.bursts !== undefined ? 3 : 10;
  const started = Date.now();
  await using target = await startSpreadTarget();
  const lines: BenchLine[] = [];

  for (const size of SIZES) {
    const requests: EngineRequest[] = Array.from({ length: size }, (_, i) => ({
      url: `${target.url}/api/businesses/${i + 1}/complete-onboarding`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: '{"areaCode":"828"}',
    }));
    const engines = new Map(METHODS.map((method) => [method, createBurstEngine({ method, timeoutMs: 10_000 })]));
    const histograms = new Map(METHODS.map((method) => [method, microsHistogram()]));
    const sendHistograms = new Map(METHODS.map((method) => [method, microsHistogram()]));
    try {
      // Methods take turns burst by burst, so a noisy moment on the shared machine hits all alike.
      for (let round = 0; round < warmup + bursts && Date.now() - started < DEADLINE_MS && !opts.signal?.aborted; round++) {
        for (const method of METHODS) {
          const result = await engines.get(method)!.burst(requests);
          if (round < warmup) continue;
          if (result.arrivalSpreadMs === null || result.responses.some((r) => r.outcome !== 'ok')) {
            throw new Error(`burst-spread: a ${method} burst of ${size} was not answered in full`);
          }
          histograms.get(method)!.recordValue(Math.max(1, Math.round(result.arrivalSpreadMs * 1000)));
          sendHistograms.get(method)!.recordValue(Math.max(1, Math.round(result.sendSpreadMs * 1000)));
        }
        if (round % 20 === 0) opts.progress?.(`burst spread: size ${size}, burst ${round + 1}/${warmup + bursts}`);
      }
      const p50 = new Map<BurstMethod, number>();
      for (const method of METHODS) {
        const h = histograms.get(method)!;
        const s = sendHistograms.get(method)!;
        if (h.totalCount === 0) continue; // stopped before this cell recorded anything
        const line = {
          name: 'burst.arrival_spread_ms',
          value: ms(h.getValueAtPercentile(50)),
          unit: 'ms',
          size,
          method,
          p50: ms(h.getValueAtPercentile(50)),
          max: ms(h.maxValue),
          bursts: h.totalCount,
          send_p50_ms: ms(s.getValueAtPercentile(50)),
        };
        p50.set(method, line.p50);
        lines.push(line);
      }
      const fetchP50 = p50.get('fetch');
      const best = [...p50].filter(([m]) => m !== 'fetch').sort((a, b) => a[1] - b[1])[0];
      if (fetchP50 !== undefined && best !== undefined) {
        lines.push({
          name: 'burst.tightness_ratio',
          // spreads are recorded at 1 µs resolution, so the best p50 is never 0
          value: Math.round((fetchP50 / Math.max(best[1], 0.001)) * 100) / 100,
          unit: 'x',
          size,
          best: best[0],
          fetch_p50: fetchP50,
          best_p50: best[1],
        });
      }
    } finally {
      for (const h of [...histograms.values(), ...sendHistograms.values()]) h.destroy();
      await Promise.all([...engines.values()].map((e) => e.close()));
    }
  }
  return lines;
}
