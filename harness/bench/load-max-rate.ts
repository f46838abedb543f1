// `load.max_rate_per_s` (docs/bench.md): the highest open-model rate our load engine sustains —
// the load driver's scheduler (`startOpenModel`) sending through the burst engine's keep-alive
// undici pool, as `sustained-load` does — with < 1 % of the arrivals dropped (max in flight
// reached) or failed, against a bare node:http server on loopback; and beside it, in the same run
// against the same server, autocannon (a maintained load generator, closed model) at as many
// connections as our max in flight. The server runs in its own process, so neither generator
// shares its event loop; both generators run in this process, one after the other, autocannon
// before and after the search so a change in the machine's load lands on both.
import { setMaxListeners } from 'node:events';
import type autocannon from 'autocannon';
import { loadSettingsOf } from '../config/index.ts';
import { monotonicClock, startOpenModel } from '../drivers/load/index.ts';
import { createBurstEngine, type BurstEngine, type EngineRequest } from '../engines/index.ts';
import { EnvironmentError } from '../errors.ts';
import type { BenchLine, BenchOptions } from './bench-line.ts';
import { searchMaxRate, type RateTrial } from './rate-search.ts';
import { startSpreadTarget } from './spread-target.ts';

/**
 * sustained-load's default --max-in-flight: the open model's bound on connections, and so
 * autocannon's connections. (At 50 both generators were measured too: the open model then drops
 * its bunched arrivals sooner, seen 4,750/s against autocannon's 42,000/s on this machine.)
 */
const CONNECTIONS = loadSettingsOf({}).maxInFlight;
/** Dropped + failed arrivals a sustained rate may lose. */
const LOSS_LIMIT = 0.01;
const GOAL_RATIO = 0.8;
const REQUEST_TIMEOUT_MS = 10_000;

/** Seconds per search step, steps at most, seconds per autocannon run. */
const FULL = { stepS: 5, maxSteps: 14, autocannonS: 10 };
const QUICK: typeof FULL = { stepS: 2, maxSteps: 10, autocannonS: 3 };

export interface OpenModelTrial extends RateTrial {
  due: number;
  arrivals: number;
  dropped: number;
  failed: number;
  /** Arrivals sent ÷ the arrival phase. */
  achievedPerS: number;
  /** (dropped + failed) ÷ due. */
  loss: number;
  /** The loss of a first try that did not hold, when this is the second. */
  firstLoss?: number;
}

/** Lost = dropped (no room under max in flight) or sent without a 2xx: a rate holds below LOSS_LIMIT. */
export function judgeTrial(rate: number, counts: { due: number; arrivals: number; dropped: number; failed: number; phaseMs: number }): OpenModelTrial {
  const loss = counts.due === 0 ? 1 : (counts.dropped + counts.failed) / counts.due;
  const achievedPerS = counts.phaseMs > 0 ? counts.arrivals / (counts.phaseMs / 1000) : 0;
  return { rate, sustained: loss < LOSS_LIMIT, ...counts, achievedPerS: Math.round(achievedPerS), loss: Math.round(loss * 10_000) / 10_000 };
}

async function openModelTrial(engine: BurstEngine, request: EngineRequest, rate: number, stepS: number, signal?: AbortSignal): Promise<OpenModelTrial> {
  let failed = 0;
  const scheduler = startOpenModel({
    stages: [{ durationS: 0, target: rate }, { durationS: stepS, target: rate }],
    maxInFlight: CONNECTIONS,
    clock: monotonicClock,
    signal,
    start: () => engine.send(request, { timeoutMs: REQUEST_TIMEOUT_MS, signal }).then((response) => {
      if (response.status === null || response.status < 200 || response.status >= 300) failed++;
    }),
  });
  const run = await scheduler.arrivalsDone;
  if (!(await scheduler.drained(REQUEST_TIMEOUT_MS + 1_000))) failed += scheduler.inFlight;
  return judgeTrial(rate, { due: run.due, arrivals: run.arrivals, dropped: run.dropped, failed, phaseMs: run.phaseMs });
}

interface AutocannonRun {
  perS: number;
  ok: number;
  other: number;
}

/**
 * autocannon is a devDependency (the bench runs from a checkout): the published package does not
 * install it, so it is loaded only when this bench runs, with a clear error where it is missing.
 */
async function loadAutocannon(): Promise<typeof autocannon> {
  try {
    return (await import('autocannon')).default;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new EnvironmentError({
      code: 'E_BENCH_AUTOCANNON', message: 'load.max_rate_per_s needs autocannon, a development dependency that an installed package does not have',
      fix: 'run `npm run bench` from a checkout of exactly-one after `npm ci`, or leave this bench out with `--only` naming the others',
    });
  }
}

async function runAutocannon(request: EngineRequest, seconds: number, signal?: AbortSignal): Promise<AutocannonRun> {
  const run = await loadAutocannon();
  return new Promise((resolve, reject) => {
    const instance = run(
      { url: request.url, method: 'POST', headers: request.headers, body: request.body ?? undefined, connections: CONNECTIONS, pipelining: 1, duration: seconds, timeout: REQUEST_TIMEOUT_MS / 1000 },
      (error: unknown, result: autocannon.Result) => {
        signal?.removeEventListener('abort', stop);
        if (error) reject(error instanceof Error ? error : new Error(`autocannon failed: ${String(error)}`));
        else resolve({ perS: result['2xx'] / result.duration, ok: result['2xx'], other: result.non2xx + result.errors + result.timeouts });
      },
    );
    const stop = (): void => instance.stop();
    signal?.addEventListener('abort', stop, { once: true });
  });
}

export async function benchLoadMaxRate(opts: BenchOptions & { signal?: AbortSignal; sizes?: typeof FULL }): Promise<BenchLine[]> {
  const sizes = opts.sizes ?? (opts.quick ? QUICK : FULL);
  const say = opts.progress ?? (() => {});
  // One signal for up to CONNECTIONS requests in flight (each listens to it), as a run session's is.
  const stopping = new AbortController();
  setMaxListeners(0, stopping.signal);
  const signal = stopping.signal;
  const forward = (): void => stopping.abort();
  opts.signal?.addEventListener('abort', forward, { once: true });
  try {
    return await measure(sizes, say, signal, opts.quick);
  } finally {
    opts.signal?.removeEventListener('abort', forward);
  }
}

async function measure(sizes: typeof FULL, say: (line: string) => void, signal: AbortSignal, quick: boolean): Promise<BenchLine[]> {
  await using server = await startSpreadTarget();
  await using engine = createBurstEngine({ timeoutMs: REQUEST_TIMEOUT_MS });
  const request: EngineRequest = {
    url: `${server.url}/api/businesses/biz-1/complete-onboarding`, method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench' }, body: '{"areaCode":"828"}',
  };
  // Opens the pool's connections, so the first trial does not pay for connecting.
  await openModelTrial(engine, request, 500, 1, signal);

  say(`load max rate: autocannon, ${CONNECTIONS} connections, ${sizes.autocannonS} s`);
  const before = await runAutocannon(request, sizes.autocannonS, signal);
  const search = await searchMaxRate({
    startRate: 1_000, maxRate: 200_000, maxSteps: sizes.maxSteps, precision: 0.05, signal,
    // A rate that did not hold gets a second try: on a shared machine one stall of another process
    // (25–100 ms seen) drops a bunch of arrivals, and a first step lost to it sent a whole search
    // to 969/s. A rate fails only when both tries lose 1 %; each step is still bounded in time.
    trial: async (rate) => {
      const first = await openModelTrial(engine, request, rate, sizes.stepS, signal);
      const trial = first.sustained || signal.aborted ? first : { ...(await openModelTrial(engine, request, rate, sizes.stepS, signal)), firstLoss: first.loss };
      say(`load max rate: ${rate}/s for ${sizes.stepS} s ${trial.sustained ? 'held' : 'did not hold'} (${trial.dropped} dropped, ${trial.failed} failed of ${trial.due}${first === trial ? '' : `; first try lost ${first.loss}`})`);
      return trial;
    },
  });
  say(`load max rate: autocannon again, ${sizes.autocannonS} s`);
  const after = await runAutocannon(request, sizes.autocannonS, signal);
  const autocannonPerS = (before.perS + after.perS) / 2;
  return [{
    name: 'load.max_rate_per_s',
    value: search.rate,
    unit: 'arrivals/s',
    autocannon_per_s: Math.round(autocannonPerS),
    ratio: autocannonPerS > 0 ? Math.round((search.rate / autocannonPerS) * 1000) / 1000 : null,
    connections: CONNECTIONS,
    goal: `ratio ≥ ${GOAL_RATIO}`,
    achieved_per_s: search.best?.achievedPerS ?? 0,
    loss: search.best?.loss ?? null,
    failed_at: search.failedAt,
    steps: search.steps.map((s) => ({ rate: s.rate, held: s.sustained, loss: s.loss, ...(s.firstLoss === undefined ? {} : { first_loss: s.firstLoss }) })),
    step_s: sizes.stepS,
    autocannon_runs_per_s: [Math.round(before.perS), Math.round(after.perS)],
    autocannon_other: before.other + after.other,
    ...(search.capped ? { capped: true } : {}),
    ...(search.exhausted ? { incomplete: `the search ran out of its ${sizes.maxSteps} steps before bracketing the rate within 5 %` } : {}),
    quick,
  }];
}
