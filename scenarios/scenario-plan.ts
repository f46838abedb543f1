// A scenario is a pure plan: which requests each business sends, when, and which faults meet
// them. The harness interprets plans (harness/run/); k6 scripts import the same modules, so
// nothing here may import a package or do I/O.

import type { BurstRelease, PageVariant, ScenarioName, StrategyName } from '../model/index.ts';

export type { BurstRelease, PageVariant, ScenarioName, StrategyName };

/** How one client sends: several tabs without a key, a double-submit with one key, or the page. */
export type RequestClient = 'no-key' | 'shared-key' | 'page';

export interface PlannedRequest {
  business: number;
  client: RequestClient;
  /** The Idempotency-Key to send, or null. */
  key: string | null;
  /** Which target instance receives it. */
  instance: number;
  /** Abort the request this long after it was sent (the browser's "network error"). */
  abortAfterSendMs?: number;
}

/** A fake-Twilio fault aimed at one business's purchases (FriendlyName `business:<id>`). */
export interface PlannedTwilioFault {
  business: number;
  kind: 'error' | 'commit-then-drop' | 'commit-then-pause' | 'commit-then-hang' | 'fail-before-commit';
  times: number;
  status?: 500 | 503 | 429;
  retryAfterS?: number;
}

// How the businesses of one burst action are released (docs/scenarios.md, --burst-release):
// `staggered` — each business's requests together, the next business's once the previous ones have
// arrived at the target, in the (seeded) order of the requests; `together` — every request at once.
export type TrackAction =
  /** Send as tightly as the engine can (all at once, or business by business when staggered); wait for every response. */
  | { do: 'burst'; requests: PlannedRequest[]; release?: BurstRelease }
  /** Send without waiting for the response (it is awaited at the end of the track). */
  | { do: 'fire'; request: PlannedRequest }
  /** Wait, relative to the previous action — only for timings that are the scenario's content (click gaps, the incident's minutes). */
  | { do: 'wait'; ms: number }
  /** Wait until this many ms after the phase started (no-op if already past). */
  | { do: 'wait-until'; atMs: number }
  /** Wait until the fake Twilio reports this business's purchase committed and its response paused. */
  | { do: 'await-paused'; business: number }
  | { do: 'kill-instance'; instance: number }
  | { do: 'restart-instance'; instance: number }
  /** pg_terminate_backend on every session of the target's database. */
  | { do: 'terminate-db-sessions' }
  | { do: 'release-paused'; business: number }
  /** Wait until every request fired on this track has completed. */
  | { do: 'await-fired' };

/** Tracks of a phase run concurrently; a phase ends when all its tracks have. */
export interface PlanPhase {
  label: string;
  /** Installed on the fake before the phase starts; replaced by the next phase's. */
  twilioFaults: PlannedTwilioFault[];
  tracks: TrackAction[][];
}

export interface PlannedFault {
  kind: string;
  business: number;
}

export interface ScenarioPlan {
  scenario: ScenarioName;
  businesses: number;
  /** Fixture names, by business index (others get generated names). */
  names: string[];
  areaCode: string;
  instances: number;
  phases: PlanPhase[];
  /** Faults the plan means to land, to be compared with what landed. */
  faults: PlannedFault[];
  /** The burst size whose spread is reported (null when the scenario has no bursts). */
  burstSize: number | null;
  /**
   * Bursts on extra, unjudged businesses before the measured traffic, so the first judged burst
   * meets a warm target (JIT, database pool open); null: no warm-up.
   */
  warmUp?: { bursts: number; concurrency: number } | null;
}

export interface TargetSettings {
  /** Environment the target needs beyond the defaults (docs/target-contract.md). */
  dbPoolMax: number;
  twilioTimeoutMs: number;
  claimLeaseMs?: number;
  rateLimitWindowMs?: number;
  /** The fake Twilio's latency for this scenario. */
  twilioLatency: 'realistic' | 'off';
  /**
   * Put the explorer's PostgreSQL proxy between the target and its database (the target's
   * DATABASE_URL names the proxy). Only where the harness gives the target its database.
   */
  interposeDatabase?: boolean;
}

export interface PlanInput {
  seed: number;
  strategy: StrategyName;
  /** The page behaviour clients use; defaults to the strategy's own page. */
  variant: PageVariant;
  businesses?: number;
  concurrency?: number;
  instances?: number;
  /** Divides the incident's minutes (docs/scenarios.md). */
  timeScale: number;
  /** The target can be killed and restarted, and its database sessions terminated. */
  processControl: boolean;
  /** --burst-release; absent: the scenario's own default. */
  burstRelease?: BurstRelease;
}

export interface ScenarioDefinition {
  name: ScenarioName;
  summary: string;
  /** Whether the scenario is about the page (rapid-clicks) rather than API clients. */
  usesPage: boolean;
  /**
   * Which driver sends its traffic: the plan interpreter (default; a page scenario is clicked in
   * Chromium when one is found), the Idempotency-Key conformance checks, or open-model load.
   */
  driver?: 'plan' | 'conformance' | 'load' | 'explore';
  target(input: PlanInput): TargetSettings;
  plan(input: PlanInput): ScenarioPlan;
}
