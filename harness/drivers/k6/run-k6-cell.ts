import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { K6Fixtures } from '../../../scenarios/k6/k6-fixtures.ts';
import { EnvironmentError } from '../../errors.ts';
import type { Operation } from '../../../model/index.ts';
import { findK6, k6MissingError } from './find-k6.ts';
import { parseK6JsonOutput, readK6Points, type K6Clock } from './k6-json-output.ts';
import { addLoadSamples, emptyLoadSamples, type K6LoadSamples, type K6SummaryExport } from './k6-load-output.ts';

// A scenario cell through the user's k6: the harness has seeded the businesses and written them
// to a fixtures file; k6 runs the script (one process per execution segment, as k6-operator runs
// one per pod), each writing its JSON output; the per-request operations are read back from
// them so that every invariant is checked against the fake's ledger, not only k6's aggregates.

/** k6's exit code when a threshold failed (k6 `errext/exitcodes`): a finding, not a breakdown. */
export const K6_THRESHOLDS_FAILED = 99;

export interface K6CellOptions {
  /** Path of a script in scenarios/k6/. */
  script: string;
  fixturesFile: string;
  targetUrl: string;
  /** Local k6 processes, each running one `--execution-segment`; 1 by default. */
  segments?: number;
  runDir: string;
  signal?: AbortSignal;
  /** Defaults to findK6(env). */
  k6Binary?: string;
  /** Extra `-e NAME=value` for the script (e.g. RATE_PER_S, DURATION for the soak). */
  scriptEnv?: Record<string, string>;
  /** Segments start together this long after launch, so each has initialised its VUs; 3 s when segments > 1. */
  startDelayMs?: number;
  scenario?: string;
  env?: NodeJS.ProcessEnv;
  /** sustained-load: also add up the load metrics of every process's output. */
  readLoad?: boolean;
  /** Also have each process write its end-of-test summary (--summary-export), read back as `summaries`. */
  summaryExport?: boolean;
}

export interface K6Process {
  segment: string | null;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  jsonFile: string;
  logFile: string;
}

export interface K6CellResult {
  processes: K6Process[];
  /** A threshold failed in some process (k6 exited 99): the scripts' checks saw a wrong answer. */
  thresholdsFailed: boolean;
  clock: K6Clock;
  operations: Omit<Operation, 'id'>[];
  /** With readLoad: arrivals, dropped, latencies… over every process. */
  load?: K6LoadSamples;
  /** With summaryExport: each process's summary, null where it wrote none that parses. */
  summaries?: (K6SummaryExport | null)[];
}

/** `--execution-segment` values splitting a run in n equal parts, and their sequence. */
export function executionSegments(n: number): { segments: string[]; sequence: string } {
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`segments must be an integer in 1..64, got ${n}`);
  const at = (i: number) => (i === 0 ? '0' : i === n ? '1' : `${i}/${n}`);
  return {
    segments: Array.from({ length: n }, (_, i) => `${at(i)}:${at(i + 1)}`),
    sequence: Array.from({ length: n + 1 }, (_, i) => at(i)).join(','),
  };
}

export async function writeK6Fixtures(file: string, fixtures: K6Fixtures): Promise<void> {
  await writeFile(file, `${JSON.stringify(fixtures, null, 2)}\n`, { mode: 0o600 });
}

export async function runK6Cell(options: K6CellOptions): Promise<K6CellResult> {
  const env = options.env ?? process.env;
  const k6 = options.k6Binary ?? findK6(env);
  if (!k6) throw k6MissingError(env);
  const n = options.segments ?? 1;
  const { segments, sequence } = executionSegments(n);
  const dir = join(options.runDir, 'k6');
  await mkdir(dir, { recursive: true });
  options.signal?.throwIfAborted();

  const clock: K6Clock = { wallNs: BigInt(Date.now()) * 1_000_000n, hrNs: process.hrtime.bigint() };
  const startAtMs = Date.now() + (options.startDelayMs ?? (n > 1 ? 3_000 : 0));
  const scriptEnv = { FIXTURES: resolve(options.fixturesFile), TARGET_URL: options.targetUrl, START_AT_MS: String(startAtMs), ...options.scriptEnv };
  const runs = segments.map((segment, i) => {
    const jsonFile = join(dir, n === 1 ? 'k6-output.json' : `k6-output-${i}.json`);
    const logFile = join(dir, n === 1 ? 'k6.log' : `k6-${i}.log`);
    const summaryFile = join(dir, n === 1 ? 'k6-summary.json' : `k6-summary-${i}.json`);
    const args = ['run', '--no-usage-report', '--quiet', '--out', `json=${jsonFile}`];
    if (options.summaryExport) args.push(`--summary-export=${summaryFile}`);
    if (n > 1) args.push('--execution-segment', segment, '--execution-segment-sequence', sequence);
    for (const [name, value] of Object.entries(scriptEnv)) args.push('-e', `${name}=${value}`);
    args.push(resolve(options.script));
    return { segment: n > 1 ? segment : null, jsonFile, logFile, summaryFile, args };
  });

  const processes = await Promise.all(runs.map((run) => spawnK6(k6, run, env, options.signal)));
  options.signal?.throwIfAborted();
  const broken = processes.find((p) => p.exitCode !== 0 && p.exitCode !== K6_THRESHOLDS_FAILED);
  if (broken) {
    const log = await readFile(broken.logFile, 'utf8').catch(() => '');
    throw new EnvironmentError({
      code: 'E_K6_FAILED',
      message: `k6${broken.segment ? ` (segment ${broken.segment})` : ''} exited with ${broken.exitCode ?? broken.signal}: ${log.trim().split('\n').slice(-5).join(' | ')}`,
      fix: `read ${broken.logFile}; k6 1.0 or later runs TypeScript scripts directly`,
    });
  }
  const operations: Omit<Operation, 'id'>[] = [];
  const load = options.readLoad ? emptyLoadSamples() : undefined;
  for (const p of processes) {
    const lines = createInterface({ input: createReadStream(p.jsonFile), crlfDelay: Infinity });
    const collected: string[] = [];
    for await (const line of lines) collected.push(line);
    operations.push(...parseK6JsonOutput(collected, { clock, ...(options.scenario ? { scenario: options.scenario } : {}) }));
    if (load) addLoadSamples(load, readK6Points(collected));
  }
  operations.sort((a, b) => (BigInt(a.invokeNs) < BigInt(b.invokeNs) ? -1 : BigInt(a.invokeNs) > BigInt(b.invokeNs) ? 1 : 0));
  const summaries = options.summaryExport ? await Promise.all(runs.map((run) => readSummary(run.summaryFile))) : undefined;
  return { processes, thresholdsFailed: processes.some((p) => p.exitCode === K6_THRESHOLDS_FAILED), clock, operations, ...(load ? { load } : {}), ...(summaries ? { summaries } : {}) };
}

async function readSummary(file: string): Promise<K6SummaryExport | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as K6SummaryExport) : null;
  } catch {
    return null;
  }
}

function spawnK6(k6: string, run: { segment: string | null; jsonFile: string; logFile: string; args: string[] }, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<K6Process> {
  return new Promise((resolvePromise, reject) => {
    const log = createWriteStream(run.logFile);
    // K6_NO_USAGE_REPORT as well as the flag: k6 must never reach out of the machine.
    const child = spawn(k6, run.args, { env: { ...env, K6_NO_USAGE_REPORT: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    let escalate: NodeJS.Timeout | undefined;
    const onAbort = () => {
      // k6 stops gracefully on SIGTERM (writing what it has); a second signal would end it at once.
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
      escalate = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      log.end();
      reject(new EnvironmentError({ code: 'E_NO_K6', message: `could not start ${k6}: ${error.message}`, fix: 'set K6_BINARY to a working k6', cause: error }));
    });
    child.once('close', (exitCode, exitSignal) => {
      clearTimeout(escalate);
      signal?.removeEventListener('abort', onAbort);
      log.end(() => resolvePromise({ segment: run.segment, exitCode, signal: exitSignal, jsonFile: run.jsonFile, logFile: run.logFile }));
    });
  });
}
