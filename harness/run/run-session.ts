import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import { release, type as osType } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RunConfig } from '../config/index.ts';
import type { DatabaseCluster } from '../db/database-cluster.ts';
import { startCluster } from '../db/start-cluster.ts';
import { createBurstEngine, type BurstEngine } from '../engines/index.ts';
import { CleanupStack } from '../processes/cleanup-stack.ts';
import { EnvironmentError } from '../errors.ts';
import { refreshLatest, runDirectoryName, writeRunReport, type IncidentComparison, type ReportCell, type RunReporter } from '../../reports/index.ts';
import type { RunResult, ScenarioResult, Verdict } from '../../model/index.ts';
import { openHistoryFile, type HistoryFile } from '../history/index.ts';
import { pauseIfAsked, waitIfAsked } from './test-pause.ts';
import { CellSkipped, runCell, type CellOutcome, type CellSpec } from './cell-runner.ts';
import type { ProgressSink } from '../cli/progress.ts';
import { startFakeTwilioProcess, type FakeTwilioProcess } from './fake-twilio-process.ts';

// One run of a command that runs scenarios: one database cluster, one fake Twilio, one burst
// engine, a run directory; cells run one after another; the report is written whatever happens.

export interface RunSessionOptions {
  command: string;
  argv: string[];
  config: RunConfig;
  rerun: string;
  signal: AbortSignal;
  /** Progress text for people (stderr). */
  say: (line: string) => void;
  /** Listeners beyond the run folder's files (terminal summary, CI summaries), told of every cell and the run's end. */
  reporters?: RunReporter[];
}

export interface RunSession extends AsyncDisposable {
  readonly runDir: string;
  readonly runId: string;
  readonly cluster: DatabaseCluster | null;
  readonly fake: FakeTwilioProcess;
  /** Runs a cell; an error becomes a cell with verdict `error`. An environment failure is thrown. */
  runCell(spec: CellSpec, onProgress?: ProgressSink): Promise<CellOutcome>;
  /**
   * Records a cell's outcome in the report (its operations are already in history.jsonl, streamed
   * as they completed, labelled with the cell and the attempt). Returns its index.
   */
  record(outcome: CellOutcome): number;
  /** The cells recorded so far. */
  scenarios(): readonly ScenarioResult[];
  /**
   * Writes result.json, junit.xml, index.html and refreshes reports/latest. `verdict` overrides
   * the one derived from the cells, for commands judged against expectations (matrix, reproduce).
   */
  finish(extra?: { incident?: IncidentComparison; error?: string; interrupted?: boolean; verdict?: Verdict }): Promise<{ result: RunResult; htmlPath: string }>;
}

export function errorOutcome(spec: CellSpec, target: string, error: unknown): CellOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return {
    result: {
      name: spec.scenario, strategy: spec.strategyLabel ?? spec.strategy, variant: spec.variant, target, engine: 'undici', driver: 'undici',
      verdict: 'error', expected: spec.expected, expectedBroken: spec.expectedBroken, attempts: 1, skipReason: null,
      businesses: 0, requests: 0, invariants: [], twilio: { purchases: 0, committed: 0, active: 0, released: 0, orphans: 0 },
      latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 }, burst: null, faults: [], error: message,
    },
    history: [], ledger: { purchases: [], releases: [] }, businesses: [], views: {}, findings: null,
  };
}

function overallVerdict(scenarios: ScenarioResult[], error?: string): Verdict {
  // A violation outranks an environment failure or a crash (the summary shows both).
  if (scenarios.some((s) => s.verdict === 'fail')) return 'fail';
  if (error || scenarios.some((s) => s.verdict === 'error')) return 'error';
  if (scenarios.length > 0 && scenarios.every((s) => s.verdict === 'skipped')) return 'skipped';
  return scenarios.some((s) => s.verdict === 'fail') ? 'fail' : 'pass';
}

export async function openRunSession(options: RunSessionOptions): Promise<RunSession> {
  const startedAt = new Date();
  const runId = randomBytes(4).toString('hex');
  // Reports go under the directory the command runs in (a user's repository under npx).
  const reportsRoot = join(process.cwd(), 'reports');
  const runDir = resolve(options.config.reportDir ?? join(reportsRoot, 'runs', runDirectoryName(options.command, startedAt)));
  const logDir = join(runDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const stack = new CleanupStack();
  // Every in-flight request and wait listens to the run's signal: thousands, by design.
  setMaxListeners(0, options.signal);
  try {
    const { config } = options;
    const external = config.targetUrl !== undefined;
    options.say(external ? 'no database: the target runs on its own (--target-url)' : `starting the ${config.db} PostgreSQL cluster`);
    await pauseIfAsked('start database', options.signal);
    const cluster = external ? null : stack.use(await startCluster(config, runId, logDir, options.say));
    await pauseIfAsked('start fake Twilio', options.signal);
    const fake = stack.use(await startFakeTwilioProcess({
      port: config.twilioPort,
      seed: config.seed,
      accountSid: config.twilioAccountSid,
      authToken: config.twilioAuthToken,
      logDir,
      signal: options.signal,
    }));
    options.say(`fake Twilio at ${fake.url}${external ? ` (account ${fake.accountSid}, token ${fake.authToken})` : ''}`);
    const engine: BurstEngine = stack.use(createBurstEngine({ method: 'auto', timeoutMs: 30_000 }));
    // The one history file of the run: every cell's recorder streams its operations here.
    const history: HistoryFile = stack.use(openHistoryFile(join(runDir, 'history.jsonl')));
    const extraReporters = options.reporters ?? [];

    const scenarios: ScenarioResult[] = [];
    const cells: ReportCell[] = [];
    const targetLabel = config.targetUrl ?? config.targetCmd ?? 'target-app';
    let browserVersion: string | null = null;

    const session: RunSession = {
      runDir,
      runId,
      cluster,
      fake,
      async runCell(spec, onProgress) {
        try {
          const outcome = await runCell(spec, {
            cluster, fake, engine, runDir, signal: options.signal, requestTimeoutMs: 30_000,
            ...(config.publicBaseUrl ? { publicBaseUrl: config.publicBaseUrl } : {}),
            progress: onProgress,
            requireBrowser: config.requireBrowser,
            historySink: history,
          });
          if (outcome.browserVersion) browserVersion = outcome.browserVersion;
          return outcome;
        } catch (error) {
          // Ctrl-C, --timeout and a failed environment end the run; anything else ends the cell.
          if (options.signal.aborted || error instanceof EnvironmentError) throw error;
          const outcome = errorOutcome(spec, targetLabel, error);
          if (error instanceof CellSkipped) Object.assign(outcome.result, { verdict: 'skipped', skipReason: error.message, error: null });
          return outcome;
        }
      },
      record(outcome) {
        const add = (result: ScenarioResult, cell: Omit<ReportCell, 'scenarioIndex'>) => {
          const index = scenarios.length;
          scenarios.push(result);
          cells.push({ scenarioIndex: index, ...cell });
          for (const reporter of extraReporters) reporter.onCellEnd?.(result, index);
          return index;
        };
        if (outcome.skippedBrowserCheck) add(outcome.skippedBrowserCheck, { businesses: [], history: [], ledger: { purchases: [], releases: [] }, findings: null });
        return add(outcome.result, {
          businesses: outcome.businesses.map((b) => ({ id: b.id, name: b.name })), history: outcome.history, ledger: outcome.ledger,
          findings: outcome.findings ? { owners: outcome.findings.owners, spreads: outcome.findings.spreads, latency: outcome.findings.latency.histogram } : null,
        });
      },
      scenarios: () => scenarios,
      async finish(extra = {}) {
        await waitIfAsked('write reports', options.signal);
        // Interrupted while the reports were being written: they are still written whole, and say so.
        const interrupted = extra.interrupted || options.signal.aborted;
        const result = runResult({ ...extra, ...(interrupted ? { interrupted } : {}), scenarios, postgres: cluster?.serverVersion ?? null, browser: browserVersion });
        await history.flush().catch(() => {});
        const written = await writeRunReport(runDir, { result, cells, ...(extra.incident ? { incident: extra.incident } : {}) }, extraReporters);
        if (!config.reportDir) await refreshLatest(runDir, reportsRoot).catch(() => {});
        return { result, htmlPath: written.htmlPath };
      },
      [Symbol.asyncDispose]: () => stack.dispose(),
    };
    return session;
  } catch (error) {
    await stack.dispose().catch(() => {});
    // The run ended before its first cell (Ctrl-C, a database that would not start): the report
    // is still written, so a reviewer or CI always has something to open.
    const interrupted = options.signal.aborted;
    const result = runResult({ scenarios: [], postgres: null, browser: null, ...(interrupted ? { interrupted } : { error: error instanceof Error ? error.message : String(error) }) });
    await writeRunReport(runDir, { result, cells: [] }, options.reporters ?? []).catch(() => {});
    if (!options.config.reportDir) await refreshLatest(runDir, reportsRoot).catch(() => {});
    throw error;
  }

  function runResult(extra: { scenarios: ScenarioResult[]; postgres: string | null; browser: string | null; error?: string; interrupted?: boolean; verdict?: Verdict }): RunResult {
    const { scenarios } = extra;
    return {
      version: 1,
      command: options.command,
      argv: options.argv,
      rerun: options.rerun,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      // Interrupted with no violation in what ran: `error`, whatever the cells that ran said.
      verdict: extra.interrupted && extra.verdict !== 'fail' && !scenarios.some((s) => s.verdict === 'fail') ? 'error' : extra.verdict ?? overallVerdict(scenarios, extra.error),
      environment: {
        node: process.version,
        postgres: extra.postgres,
        os: `${osType()} ${release()}`,
        seed: options.config.seed,
        engine: options.config.engine,
        browser: extra.browser,
      },
      scenarios,
      ...(extra.error ? { error: extra.error } : {}),
      ...(extra.interrupted ? { interrupted: true } : {}),
    };
  }
}
