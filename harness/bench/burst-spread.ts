// `npm run bench` lines burst.arrival_spread_ms and burst.tightness_ratio (docs/bench.md): how
// close together the requests of one burst reach a target, per burst method, against two
// baselines a test written without this engine gets: `fetch` (Promise.all(fetch(...)) on a fresh
// pool per burst, as such a test is usually written) and `fetch-warm` (the same on a pool whose
// connections are already open). Each baseline gets its own tightness ratio.
import * as hdr from 'hdr-histogram-js';
import { CleanupStack } from '../processes/cleanup-stack.ts';
import { createBurstEngine, type BurstEngine, type EngineRequest } from '../engines/index.ts';
import type { BenchLine, BenchOptions } from './bench-line.ts';
import { createWarmFetchBurster, type WarmFetchBurster } from './fetch-warm-burst.ts';
import { startSpreadTarget } from './spread-target.ts';

const SIZES = [5, 20, 50] as const;
export type SpreadMethod = 'fetch' | 'fetch-warm' | 'warm' | 'last-byte';
const METHODS: readonly SpreadMethod[] = ['fetch', 'fetch-warm', 'warm', 'last-byte'];
const BASELINES: readonly SpreadMethod[] = ['fetch', 'fetch-warm'];
/** Whole bench bounded in time as well as count: past this, each cell reports the bursts it got. */
const DEADLINE_MS = 240_000;

function microsHistogram() {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}

const ms = (micros: number): number => Math.round(micros) / 1000;
const micros = (spreadMs: number): number => Math.max(1, Math.round(spreadMs * 1000));

export interface BurstSpreadOptions extends BenchOptions {
  /** Recorded bursts per size and method; default 200 (40 with quick). */
  bursts?: number;
  /** Stops early (Ctrl-C); each cell then reports the bursts it got. */
  signal?: AbortSignal;
  /** Burst sizes measured; default 5, 20 and 50. */
  sizes?: readonly number[];
}

type Sender = (requests: EngineRequest[]) => Promise<{ arrivalMs: number | null; sendMs: number | null }>;

function engineSender(engine: BurstEngine): Sender {
  return async (requests) => {
    const result = await engine.burst(requests);
    const complete = result.responses.every((r) => r.status !== null && r.status < 300);
    return { arrivalMs: complete ? result.arrivalSpreadMs : null, sendMs: result.sendSpreadMs };
  };
}

function warmFetchSender(burster: WarmFetchBurster): Sender {
  return async (requests) => ({ arrivalMs: await burster.burst(requests), sendMs: null });
}

export async function benchBurstSpread(opts: BurstSpreadOptions): Promise<BenchLine[]> {
  const bursts = opts.bursts ?? (opts.quick ? 40 : 200);
  const warmup = opts.quick || opts.bursts !== undefined ? 3 : 10;
  const started = Date.now();
  await using target = await startSpreadTarget();
  const lines: BenchLine[] = [];

  for (const size of opts.sizes ?? SIZES) {
    const requests: EngineRequest[] = Array.from({ length: size }, (_, i) => ({
      url: `${target.url}/api/businesses/${i + 1}/complete-onboarding`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: '{"areaCode":"828"}',
    }));
    await using stack = new CleanupStack();
    const senders = new Map<SpreadMethod, Sender>();
    for (const method of METHODS) {
      senders.set(method, method === 'fetch-warm'
        ? warmFetchSender(stack.use(createWarmFetchBurster(size)))
        : engineSender(stack.use(createBurstEngine({ method, timeoutMs: 10_000 }))));
    }
    const histogram = () => {
      const h = microsHistogram();
      stack.defer(() => h.destroy());
      return h;
    };
    const arrival = new Map(METHODS.map((method) => [method, histogram()]));
    const send = new Map(METHODS.map((method) => [method, histogram()]));
    // Methods take turns burst by burst, so a noisy moment on the shared machine hits all alike.
    for (let round = 0; round < warmup + bursts && Date.now() - started < DEADLINE_MS && !opts.signal?.aborted; round++) {
      for (const method of METHODS) {
        const { arrivalMs, sendMs } = await senders.get(method)!(requests);
        if (round < warmup) continue;
        if (arrivalMs === null) throw new Error(`burst-spread: a ${method} burst of ${size} was not answered in full`);
        arrival.get(method)!.recordValue(micros(arrivalMs));
        if (sendMs !== null) send.get(method)!.recordValue(micros(sendMs));
      }
      if (round % 20 === 0) opts.progress?.(`burst spread: size ${size}, burst ${round + 1}/${warmup + bursts}`);
    }
    const p50 = new Map<SpreadMethod, number>();
    for (const method of METHODS) {
      const h = arrival.get(method)!;
      const s = send.get(method)!;
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
        send_p50_ms: s.totalCount === 0 ? null : ms(s.getValueAtPercentile(50)),
      };
      p50.set(method, line.p50);
      lines.push(line);
    }
    const best = [...p50].filter(([m]) => !BASELINES.includes(m)).sort((a, b) => a[1] - b[1])[0];
    for (const baseline of BASELINES) {
      const baselineP50 = p50.get(baseline);
      if (baselineP50 === undefined || best === undefined) continue;
      lines.push({
        name: 'burst.tightness_ratio',
        // spreads are recorded at 1 µs resolution, so the best p50 is never 0
        value: Math.round((baselineP50 / Math.max(best[1], 0.001)) * 100) / 100,
        unit: 'x',
        size,
        baseline,
        baseline_p50: baselineP50,
        ...(baseline === 'fetch' ? { fetch_p50: baselineP50 } : {}),
        best: best[0],
        best_p50: best[1],
      });
    }
  }
  return lines;
}
