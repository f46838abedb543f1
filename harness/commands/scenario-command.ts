import type { CommandContext, CommandOutcome } from '../cli/command-table.ts';
import { createProgress, type ProgressSink } from '../cli/progress.ts';
import { EXIT } from '../cli/exit-codes.ts';
import { findK6, k6MissingError, K6_SCRIPTS } from '../drivers/index.ts';
import { UsageError } from '../errors.ts';
import { exploreSettingsOf, loadSettingsOf, type ExploreBudget, type RunConfig } from '../config/index.ts';
import { formatTerminalSummary, type IncidentComparison } from '../../reports/index.ts';
import { reportToGithub } from './github-conventions.ts';
import type { RunResult, ScenarioResult } from '../../model/index.ts';
import {
  MAX_FAIL_ATTEMPTS, PAGE_VARIANT_OF_STRATEGY, SCENARIOS, expectationFor, type PageVariant, type ScenarioName, type StrategyName,
} from '../../scenarios/index.ts';
import { brokenCodes, failingChecks, isExpectedFailCaught, unevaluatedCodes } from '../../model/index.ts';
import type { CellSpec, CellOutcome } from '../run/cell-runner.ts';
import { openRunSession, type RunSession } from '../run/run-session.ts';
import type { TargetSpec } from '../target/target-fleet.ts';

// What gate, run, matrix and reproduce share: a run session, cells run in order with progress,
// expected FAILs repeated until caught (docs/scenarios.md), --repeat/--until-fail over seeds, the report
// and the terminal summary, and the exit code.

export interface CellRequest {
  scenario: ScenarioName;
  strategy: StrategyName;
  variant?: PageVariant;
  /** Repeat an expected FAIL up to MAX_FAIL_ATTEMPTS until its violation appears (matrix, reproduce). */
  repeatUntilCaught?: boolean;
  /** interleavings: the command's own budget when --explore-budget is not given (the gate's is smaller). */
  exploreBudget?: ExploreBudget;
}

export function targetSpec(config: RunConfig): TargetSpec {
  if (config.targetUrl) return { kind: 'url', url: config.targetUrl };
  if (config.targetCmd) return { kind: 'cmd', command: config.targetCmd };
  return { kind: 'ours' };
}

export function cellSpec(config: RunConfig, request: CellRequest, seed: number): CellSpec {
  const variant = request.variant ?? PAGE_VARIANT_OF_STRATEGY[request.strategy];
  const expectation = config.targetUrl || config.targetCmd ? null : expectationFor(request.scenario, request.strategy, variant);
  return {
    scenario: request.scenario,
    strategy: request.strategy,
    variant,
    target: targetSpec(config),
    targetLabel: config.targetUrl ?? config.targetCmd ?? 'target-app',
    // A user's own app has its own logic: the strategy name is ours, and only means something
    // when they chose it (their app may read ONBOARDING_STRATEGY).
    ...((config.targetUrl || config.targetCmd) && !config.strategy ? { strategyLabel: 'external' } : {}),
    seed,
    timeScale: config.timeScale ?? 500,
    businesses: config.businesses,
    concurrency: config.concurrency,
    instances: config.instances,
    ...(config.burstRelease ? { burstRelease: config.burstRelease } : {}),
    engine: config.engine,
    ...(config.k6Segments !== undefined ? { k6Segments: config.k6Segments } : {}),
    expected: expectation?.expected ?? null,
    expectedBroken: expectation?.expectedBroken ?? [],
    ...(expectation?.expectedFailingChecks?.length ? { expectedFailingChecks: expectation.expectedFailingChecks } : {}),
    ...(config.skipInvariant?.length ? { skipInvariants: config.skipInvariant } : {}),
    ...(request.scenario === 'sustained-load' ? { load: loadSettingsOf(config) } : {}),
    ...(request.scenario === 'interleavings' ? { explore: exploreSettingsOf(config, request.exploreBudget) } : {}),
    ...(config.pgProxy ? { pgProxy: true } : {}),
  };
}

/** The burst engine opens one connection per request of a burst, at most this many. */
export const MAX_BURST_REQUESTS = 500;

/**
 * A burst larger than the engine can release together (--businesses × --concurrency in
 * concurrent-burst) is refused before anything starts (exit 2, naming the limit), never a crash.
 */
export function refuseOversizedBursts(config: RunConfig, cells: readonly CellRequest[]): void {
  for (const cell of cells) {
    const spec = cellSpec(config, cell, config.seed);
    const plan = SCENARIOS[spec.scenario].plan({
      seed: spec.seed, strategy: spec.strategy, variant: spec.variant, timeScale: spec.timeScale, processControl: true,
      businesses: spec.businesses, concurrency: spec.concurrency, instances: spec.instances,
    });
    const largest = Math.max(0, ...plan.phases.flatMap((p) => p.tracks.flat()).map((a) => (a.do === 'burst' ? a.requests.length : 0)));
    if (largest > MAX_BURST_REQUESTS) {
      throw new UsageError({
        code: 'E_BURST_TOO_LARGE', value: `${config.businesses ?? '(default)'} × ${config.concurrency ?? '(default)'}`, source: '--businesses',
        message: `${spec.scenario} would release ${largest} requests in one burst; the engine releases at most ${MAX_BURST_REQUESTS} together (one connection each)`,
        fix: `lower --businesses or --concurrency so that businesses × concurrency ≤ ${MAX_BURST_REQUESTS}, or use sustained-load for load-shaped traffic`,
      });
    }
  }
}

/**
 * --explore pct (seeded PCT sampling) is part of the contract but not built in this version:
 * refused before anything starts (exit 2), never run as something else.
 */
export function refuseUnbuiltExploration(config: RunConfig, cells: readonly CellRequest[]): void {
  if (config.explore !== 'pct' || !cells.some((c) => c.scenario === 'interleavings')) return;
  throw new UsageError({
    code: 'E_EXPLORE_PCT_UNAVAILABLE', value: 'pct', source: config.sources.explore ?? '--explore',
    message: '--explore pct (PCT sampling) is not available in this version of exactly-one; only the bounded exhaustive search (dfs) is',
    fix: 'use --explore dfs (the default); widen it with --explore-bound and --explore-budget',
  });
}

/**
 * No verdict without evidence, refused before anything starts where that is knowable: a target
 * given as --target-url without --public-base-url cannot have its webhook URLs judged.
 */
export function refuseUnjudgeable(config: RunConfig): void {
  const skipped = new Set(config.skipInvariant ?? []);
  if (config.targetUrl && !config.publicBaseUrl && !skipped.has('WEBHOOKS_CONSISTENT')) {
    throw new UsageError({
      code: 'E_UNJUDGEABLE_INVARIANT', value: config.targetUrl, source: '--target-url',
      message: 'WEBHOOKS_CONSISTENT cannot be evaluated: with --target-url the harness does not know the PUBLIC_BASE_URL your app gives Twilio',
      fix: 'pass --public-base-url <the URL your app was configured with>, or opt out explicitly with --skip-invariant WEBHOOKS_CONSISTENT',
    });
  }
}

/** Runs one cell, repeating an expected FAIL until its violation shows (at most 5 attempts). */
export async function runCellWithRepeats(session: RunSession, spec: CellSpec, repeat: boolean, say: ProgressSink): Promise<CellOutcome> {
  let outcome: CellOutcome | undefined;
  const attempts = repeat && spec.expected === 'fail' ? MAX_FAIL_ATTEMPTS : 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    outcome = await session.runCell({ ...spec, seed: spec.seed + attempt - 1, attempt }, say);
    outcome.result.attempts = attempt;
    if (outcome.result.verdict === 'error') break;
    if (isExpectedFailCaught(spec.expectedBroken, brokenCodes(outcome.result.invariants), spec.expectedFailingChecks ?? [], failingChecks(outcome.result.conformance))) break;
    if (attempt < attempts) say(`${spec.scenario} [${spec.strategyLabel ?? spec.strategy}/${spec.variant}]: expected FAIL not caught on attempt ${attempt}; repeating`);
  }
  return outcome!;
}

export interface ScenarioCommandOptions {
  /** The cells of one attempt. */
  cells: CellRequest[];
  /**
   * Judges the run against expectations instead of "every cell passed" (matrix, reproduce): the
   * exit code, and the run's verdict follows it (0 → pass, 1 → fail).
   */
  exitCode?: (scenarios: readonly ScenarioResult[]) => number;
  /** Builds the incident comparison for the report (reproduce). */
  incident?: (session: RunSession, outcomes: CellOutcome[]) => IncidentComparison;
}

export async function runScenarioCommand(config: RunConfig, context: CommandContext, options: ScenarioCommandOptions): Promise<CommandOutcome> {
  const say = (line: string) => context.stderr(`${line}\n`);
  // Fail before starting anything when the user's k6 is not there (exit 3 with how to get it).
  if (config.engine === 'k6') {
    const unsupported = options.cells.map((cell) => cell.scenario).filter((name) => !(name in K6_SCRIPTS));
    if (unsupported.length > 0) {
      throw new UsageError({
        code: 'E_K6_SCENARIO', message: `--engine k6 cannot run ${[...new Set(unsupported)].join(', ')}: they need fault or process control that k6 does not have`,
        value: 'k6', source: '--engine', fix: `run those with --engine undici; k6 runs ${Object.keys(K6_SCRIPTS).filter((name) => name in SCENARIOS).join(', ')}`,
      });
    }
    if (!findK6()) throw k6MissingError();
  }
  refuseUnjudgeable(config);
  refuseUnbuiltExploration(config, options.cells);
  refuseOversizedBursts(config, options.cells);
  const attempts = config.repeat;
  await using session = await openRunSession({
    command: context.command, argv: process.argv.slice(2), config, rerun: context.rerunCommand(), signal: context.signal, say,
  });
  say(`run directory: ${session.runDir}`);
  const total = options.cells.length * attempts;
  using progress = createProgress({ total, label: context.command });
  const outcomes: CellOutcome[] = [];
  let failingSeed: number | undefined;
  // The report is written and summarised however the run ends.
  const report = async (extra: Parameters<RunSession['finish']>[0]) => {
    progress.stop();
    const written = await session.finish(extra);
    context.stderr(`${formatTerminalSummary(written.result, { htmlPath: written.htmlPath, color: Boolean(process.stderr.isTTY), ...(process.stderr.isTTY ? { columns: process.stderr.columns } : {}) })}\n`);
    reportToGithub(written.result, { stdout: context.stdout, stderr: context.stderr, json: config.json });
    return written.result;
  };
  try {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const seed = config.seed + attempt * 1000;
      for (const request of options.cells) {
        const spec = cellSpec(config, request, seed);
        const outcome = await runCellWithRepeats(session, spec, request.repeatUntilCaught ?? false, progress.sink());
        session.record(outcome);
        outcomes.push(outcome);
        const r = outcome.result;
        if (r.verdict === 'fail' && failingSeed === undefined) failingSeed = seed;
        const driver = r.driver === 'undici' ? '' : ` · driven by ${r.driver}`;
        progress.tick(`${r.name} [${r.strategy}/${r.variant}]`, `${r.verdict}${r.attempts > 1 ? ` after ${r.attempts} attempts` : ''} · ${r.twilio.committed} purchases for ${r.businesses} businesses${driver} · ${Math.round((r.durationMs ?? 0) / 100) / 10}s`);
        if (outcome.skippedBrowserCheck) progress.log(`${r.name}: browser check skipped — ${outcome.skippedBrowserCheck.skipReason}`);
      }
      if (config.untilFail && failingSeed !== undefined) break;
    }
  } catch (error) {
    const result = await report(context.signal.aborted ? { interrupted: true } : { error: error instanceof Error ? error.message : String(error) });
    // A violation found in what ran outranks the interruption or the failure that came after it.
    if (result.scenarios.some((s) => s.verdict === 'fail') && options.exitCode === undefined) return { exitCode: EXIT.violation, ...(failingSeed !== undefined ? { failingSeed } : {}) };
    throw error;
  }
  const judged = options.exitCode?.(session.scenarios());
  const verdict = judged === undefined ? undefined : judged === EXIT.ok ? 'pass' as const : judged === EXIT.violation ? 'fail' as const : 'error' as const;
  const result = await report({
    ...(options.incident ? { incident: options.incident(session, outcomes) } : {}),
    ...(verdict ? { verdict } : {}),
  });
  if (config.json) context.stdout(`${JSON.stringify(result)}\n`);
  const exitCode = judged ?? defaultExitCode(result);
  return { exitCode, ...(failingSeed !== undefined && exitCode === EXIT.violation && judged === undefined ? { failingSeed } : {}) };
}

export function defaultExitCode(result: RunResult): number {
  // A violation found in what ran outranks whatever else went wrong.
  if (result.verdict === 'fail' || result.scenarios.some((s) => s.verdict === 'fail')) return EXIT.violation;
  // Nothing was tested: never a success.
  if (result.verdict === 'skipped') return EXIT.environment;
  if (result.verdict === 'error') {
    // A cell whose required invariants could not be evaluated lacked evidence its environment
    // should have given; a cell that crashed inside the harness is ours.
    const crashed = result.scenarios.some((s) => s.verdict === 'error' && (s.invariants.length === 0 || unevaluatedCodes(s.invariants).length === 0));
    return crashed || result.scenarios.length === 0 ? EXIT.internal : EXIT.environment;
  }
  return EXIT.ok;
}
