// `load.harness_rss_mb` (docs/bench.md): peak RSS of the harness's load path over a long run —
// the real load driver (`driveLoad`: open-model scheduler, HDR histograms, per-second series,
// seeded duplicates) sending through the burst engine and recording every request in the history,
// streamed to a history.jsonl file, as a `sustained-load` cell does — against a stub target that
// answers the onboarding contract at once (a node:http child), so what grows is the harness alone.
// The measurement runs in a child process of its own (harness-rss-main.ts), so the benches before
// it (a million-operation checker cell, a gate) leave nothing in the RSS it reports.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SCENARIOS } from '../../scenarios/index.ts';
import { loadSettingsOf } from '../config/index.ts';
import type { FakeTwilioHandle } from '../drivers/driver.ts';
import { driveLoad, NO_PURCHASE_FEED } from '../drivers/load/index.ts';
import { createBurstEngine } from '../engines/index.ts';
import { createHistoryRecorder, openHistoryFile } from '../history/index.ts';
import { nodeEntry } from '../processes/node-entry.ts';
import { startTargetFleet } from '../target/target-fleet.ts';
import type { BenchLine, BenchOptions } from './bench-line.ts';
import { summariseRss, type RssSample } from './rss-samples.ts';
import { startSpreadTarget } from './spread-target.ts';

const RATE = 200;
const GOAL_MB = 400;
const GOAL_MIN = 10;
const FULL_S = GOAL_MIN * 60;
const QUICK_S = 20;

export interface RssRun {
  durationS: number;
  rate: number;
  arrivals: number;
  dropped: number;
  /** Of dropped: no seeded business was ready. */
  droppedUnstarted: number;
  peakInFlight: number;
  requests: number;
  errors: number;
  historyMb: number;
  startMb: number;
  samples: RssSample[];
  /** Heap in use right after a full GC, every 2 s: what the run really keeps (RSS also holds heap V8 grew into and has not returned). */
  retainedSamples: RssSample[];
  /** process.resourceUsage().maxRSS at the end: the kernel's own peak, between samples too. */
  maxRssMb: number;
}

// The stub buys nothing, so the live purchase feed is off (NO_PURCHASE_FEED) and the driver never
// reaches the fake; anything that does is a change this bench must hear about.
const NO_FAKE = new Proxy({}, {
  get(_, key) {
    throw new Error(`the harness RSS bench has no fake Twilio (its stub target buys nothing), but the load path read fake.${String(key)}`);
  },
}) as FakeTwilioHandle;

/** The run itself, in this process (the child's side). */
export async function measureLoadRss(opts: { durationS: number; signal?: AbortSignal; say?: (line: string) => void }): Promise<RssRun> {
  const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const began = performance.now();
  const samples: RssSample[] = [{ tS: 0, mb: mb(process.memoryUsage.rss()) }];
  const retainedSamples: RssSample[] = [];
  // Present when the child was started with --expose-gc (benchHarnessRss starts it so).
  const gc = (globalThis as { gc?: () => void }).gc;
  let ticks = 0;
  const sampler = setInterval(() => {
    const tS = (performance.now() - began) / 1000;
    samples.push({ tS, mb: mb(process.memoryUsage.rss()) });
    if (gc === undefined || ++ticks % 2 !== 0) return;
    gc();
    retainedSamples.push({ tS, mb: mb(process.memoryUsage().heapUsed) });
  }, 1_000);
  const dir = mkdtempSync(join(tmpdir(), 'exactly-one-rss-'));
  try {
    await using stub = await startSpreadTarget();
    await using engine = createBurstEngine({ timeoutMs: 10_000 });
    await using fleet = await startTargetFleet({
      spec: { kind: 'url', url: stub.url }, instances: 1, logDir: dir,
      // A --target-url target is only a URL: the environment a started target would get is unused.
      env: { databaseUrl: '', twilioAccountSid: '', twilioAuthToken: '', twilioApiBase: '', strategy: 'external', jwtSecret: '', dbPoolMax: 1, twilioTimeoutMs: 10_000 },
    });
    await using file = openHistoryFile(join(dir, 'history.jsonl'));
    using history = createHistoryRecorder({ scenario: 'sustained-load', sink: file });
    let seeded = 0;
    const outcome = await driveLoad({
      history, engine, fleet, requestTimeoutMs: 10_000, signal: opts.signal ?? new AbortController().signal, seed: 1, variant: 'fixed',
      plan: SCENARIOS['sustained-load'].plan({ seed: 1, strategy: 'naive', variant: 'fixed', timeScale: 1, processControl: false }),
      seedBusinesses: async ({ count }) => Array.from({ length: count }, () => ({ id: `biz-${++seeded}`, name: `Business ${seeded}`, ownerToken: 'bench' })),
      progress: opts.say ?? (() => {}),
      fake: NO_FAKE,
      load: loadSettingsOf({ rate: RATE, durationMs: opts.durationS * 1000 }),
    }, { feed: NO_PURCHASE_FEED });
    await file.flush();
    const load = outcome.evidence.load!;
    return {
      durationS: opts.durationS, rate: RATE, arrivals: load.arrivals, dropped: load.dropped, droppedUnstarted: load.droppedUnstarted, peakInFlight: load.peakInFlight, requests: load.requests, errors: load.errors,
      historyMb: mb(statSync(file.path).size), startMb: samples[0]!.mb, samples, retainedSamples, maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
    };
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs measureLoadRss in a child process; its last stdout line is the run as JSON. */
function runInChild(durationS: number, say: (line: string) => void, signal?: AbortSignal): Promise<RssRun> {
  const { command, args } = nodeEntry('harness/bench/harness-rss-main');
  const child = spawn(command, ['--expose-gc', ...args, String(durationS)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = (): void => void child.kill('SIGTERM');
  signal?.addEventListener('abort', stop, { once: true });
  let last = '';
  createInterface({ input: child.stdout! }).on('line', (line) => (last = line));
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    errors.push(line);
    say(`harness rss: ${line}`);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, sig) => {
      signal?.removeEventListener('abort', stop);
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as RssRun);
      else reject(new Error(`the harness RSS run ended with ${sig ?? `exit ${code}`}: ${errors.slice(-5).join(' | ') || 'no output'}`));
    });
  });
}

export async function benchHarnessRss(opts: BenchOptions & { signal?: AbortSignal; durationS?: number }): Promise<BenchLine[]> {
  const durationS = opts.durationS ?? (opts.quick ? QUICK_S : FULL_S);
  const say = opts.progress ?? (() => {});
  say(`harness rss: ${durationS} s at ${RATE}/s against a stub target, in a child process`);
  const run = await runInChild(durationS, say, opts.signal);
  return [harnessRssLine(run, opts.quick)];
}

export function harnessRssLine(run: RssRun, quick: boolean): BenchLine {
  // The first half of a short run (the first minute of a long one) is start-up: modules, pools,
  // and V8 growing its heap to its working size. Seen here: a 20 s run's RSS slope over its last
  // 10 s was +44 to +58 MB/min, while a 120 s run's after its first 12 s was −1 MB/min (peak 161 MB).
  // So the projection to 10 minutes follows what is retained after a full GC, not RSS.
  const warmupS = Math.min(run.durationS / 2, 60);
  const summary = summariseRss(run.samples, warmupS);
  const retained = summariseRss(run.retainedSamples, warmupS);
  const peak = Math.max(summary.peakMb, run.maxRssMb);
  const perMin = (slope: number | null): number | null => (slope === null ? null : Math.round(slope * 100) / 100);
  const growth = retained.slopeMbPerMin ?? summary.slopeMbPerMin;
  const minutes = run.durationS / 60;
  return {
    name: 'load.harness_rss_mb',
    value: peak,
    unit: 'MB',
    slope_mb_per_min: perMin(summary.slopeMbPerMin),
    retained_slope_mb_per_min: perMin(retained.slopeMbPerMin),
    retained_mb: retained.peakMb,
    // What the retained growth says a full-length run would reach: a short run's peak alone says nothing of growth.
    projected_mb: growth === null || minutes >= GOAL_MIN ? peak : Math.round((peak + Math.max(0, growth) * (GOAL_MIN - minutes)) * 10) / 10,
    goal: `< ${GOAL_MB} MB over ${GOAL_MIN} min at ${RATE}/s`,
    duration_s: run.durationS,
    rate: run.rate,
    arrivals: run.arrivals,
    dropped: run.dropped,
    dropped_unstarted: run.droppedUnstarted,
    peak_in_flight: run.peakInFlight,
    requests: run.requests,
    errors: run.errors,
    start_mb: run.startMb,
    history_mb: run.historyMb,
    samples: summary.samples,
    quick,
  };
}
