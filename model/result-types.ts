// result.json: a public contract with a published JSON Schema (reports/result.schema.json; docs/result-json.md).
import type { DriverName, InvariantCode } from './names.ts';

export type { InvariantCode };

export type Verdict = 'pass' | 'fail' | 'error' | 'skipped';

export interface Violation {
  businessId: string | null;
  detail: string;
  /** Ids of the operations of history.jsonl that explain it (the smallest set). */
  operations?: number[];
  /** Ledger purchase seqs that explain it. */
  ledger?: number[];
}

export interface InvariantResult {
  code: InvariantCode;
  /** true: held; false: broken (see violations); null: not evaluated (reason says why) — never a pass. */
  held: boolean | null;
  reason: string | null;
  violations: Violation[];
  /** The user opted out of this invariant (--skip-invariant): reported as skipped, not judged. */
  skipped?: boolean;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface BurstStats {
  size: number;
  bursts: number;
  sendSpreadMs: { p50: number; max: number };
  arrivalSpreadMs: { p50: number; max: number } | null;
}

export interface FaultResult {
  kind: string;
  planned: number;
  landed: number;
  /** Why the fault was not attempted (e.g. a --target-url target cannot be SIGKILLed). */
  skipped?: string;
}

export interface ScenarioResult {
  name: string;
  strategy: string;
  variant: string;
  target: string;
  engine: string;
  driver: DriverName;
  verdict: Verdict;
  expected: 'pass' | 'fail' | null;
  expectedBroken: InvariantCode[];
  attempts: number;
  skipReason: string | null;
  businesses: number;
  requests: number;
  invariants: InvariantResult[];
  twilio: { purchases: number; committed: number; active: number; released: number; orphans: number };
  latencyMs: Percentiles;
  burst: BurstStats | null;
  faults: FaultResult[];
  /** Idempotency-Key conformance checks (scenario idempotency-key), one named result each. */
  conformance?: ConformanceResult[];
  /** idempotency-key: the checks the expected matrix says this cell fails (scenarios/expectations.ts). */
  expectedFailingChecks?: string[];
  /** Open-model load (scenario sustained-load): the profile, what was sent and dropped, thresholds. */
  load?: LoadResult;
  /** Interleaving exploration (scenario interleavings): the search, its counts and the failing schedule. */
  exploration?: ExplorationSummary;
  /**
   * Bursts on extra businesses before the measured traffic (concurrent-burst, multi-instance):
   * which businesses, how many requests, and the staggered release's gap it measured (ms; null:
   * the target sent no X-Arrival-Ns). Never judged: not in `businesses`, `requests` or the invariants.
   */
  warmUp?: { businesses: string[]; requests: number; staggerGapMs: number | null };
  /** Additions to the first contract (allowed: contracts grow by adding). */
  durationMs?: number;
  metrics?: Record<string, number>;
  error?: string | null;
}

export interface ConformanceResult {
  /** replay, body-mismatch, other-business, in-flight, retry-after-503, malformed. */
  check: string;
  /** null: not evaluated, with the reason in detail — never a pass. */
  ok: boolean | null;
  /**
   * With ok null: the target lacks an optional part of the contract the check needs (fixtures
   * `sharedOwner`), so it is reported skipped and does not decide the cell; without it, a check
   * that could not be evaluated makes the cell `error`.
   */
  skipped?: boolean;
  detail: string;
  /** The clause it tests, e.g. the IETF draft's section. */
  reference: string;
}

/** One step of a schedule, as reports list it. */
export interface ExplorationStep {
  /** The request (0-based) the step belongs to. */
  lane: number;
  kind: 'arrival' | 'sql' | 'twilio' | 'response';
  /** SQL fingerprint (literals as ?), Twilio operation, or the request line. */
  detail: string;
  /** Additions: released alone, together with other lanes' statements, or a purchase response dropped after its commit. */
  how?: 'alone' | 'together' | 'dropped';
  /** PostgreSQL made it wait on a lock after its release. */
  blocked?: boolean;
}

/** What one client behaviour's exploration found (an addition beside the contract's totals). */
export interface ExplorationBehaviour {
  client: string;
  schedules: number;
  exhausted: boolean;
  stoppedBy: 'exhausted' | 'violation' | 'schedules' | 'time' | 'replay' | 'interrupted';
  /** The id (with its client prefix) of the first failing schedule, null when none failed. */
  firstFailing: string | null;
  violations: InvariantCode[];
}

export interface ExplorationSummary {
  strategy: string;
  requests: number;
  bound: number;
  faults: number;
  /** The budget as given: schedules and milliseconds, whichever ran out first. */
  budget: { schedules: number; ms: number };
  schedules: number;
  distinctInterleavings: number;
  blockedSteps: number;
  /** Every schedule within the bound was run (false: a budget ran out first). */
  exhausted: boolean;
  firstFailing: { id: string; index: number } | null;
  /** The failing schedule reported (fewest preemptions: DFS with iterative preemption bounding), with its steps. */
  minimal: { id: string; steps: ExplorationStep[] } | null;
  /** Additions: per client behaviour, schedules cut at the step cap or stalled, a replay's divergence, deadlocks PostgreSQL ended. */
  behaviours?: ExplorationBehaviour[];
  capped?: number;
  stalled?: number;
  divergence?: { index: number; expected: string; available: string[] } | null;
  deadlocks?: number;
  /** Runs that met other choices than an earlier run with the same prefix (the target was not deterministic there). */
  divergences?: number;
  /** How long the exploration took (ms). */
  ms?: number;
}

export interface LoadThresholdResult {
  expression: string;
  value: number;
  ok: boolean;
}

export interface LoadSeriesPoint {
  /** Seconds since the arrival phase began. */
  t: number;
  arrivals: number;
  completed: number;
  inFlight: number;
  p95Ms: number;
  purchases: number;
  violations: number;
  /** Additions (contracts grow by adding): the point's p50 and p99 latency, and the arrivals it dropped. */
  p50Ms?: number;
  p99Ms?: number;
  dropped?: number;
}

export interface LoadResult {
  stages: { durationS: number; target: number }[];
  achievedRatePerS: number;
  arrivals: number;
  dropped: number;
  maxInFlight: number;
  latencyMs: { p50: number; p90: number; p95: number; p99: number; max: number };
  thresholds: LoadThresholdResult[];
  series: LoadSeriesPoint[];
  /** Addition: process.hrtime.bigint() when the arrival phase began (series' t = 0), comparable with history.jsonl's and the ledger's times. */
  startedAtNs?: string;
}

export interface RunResult {
  version: 1;
  command: string;
  argv: string[];
  rerun: string;
  startedAt: string;
  durationMs: number;
  verdict: Verdict;
  environment: {
    node: string;
    postgres: string | null;
    os: string;
    seed: number;
    engine: string;
    browser: string | null;
  };
  scenarios: ScenarioResult[];
  /** Additions beyond docs/reports.md: why the run ended in `error` (a crash, a failed environment). */
  error?: string | null;
  /** True when the run was interrupted (Ctrl-C, deadline): `scenarios` holds what ran so far. */
  interrupted?: boolean;
}
