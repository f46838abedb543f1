// A Driver is one way traffic reaches the target in a scenario cell: the plan interpreter (our
// undici burst engine), a real Chromium clicking the page, the user's k6, the Idempotency-Key
// conformance checks, the open-model load generator, the interleaving explorer. The cell runner
// starts the services, seeds the businesses, hands a driver this context, and afterwards settles
// and checks — it never branches on which driver ran. A driver records every request it makes
// through `history` (the cell's one recorder) and returns only what the history and the fake's
// ledger cannot say (its evidence), which checkers read and reports render.
import type { FakeTwilioAdmin } from '../../fake-twilio/index.ts';
import type { PageVariant, ScenarioName, StrategyName } from '../../model/index.ts';
import type { ScenarioPlan } from '../../scenarios/index.ts';
import type { BurstEngine } from '../engines/index.ts';
import type { HistoryRecorder } from '../history/index.ts';
import type { FixtureBusiness } from '../target/target-client.ts';
import type { TargetFleet } from '../target/target-fleet.ts';
import type { ExploreSettings, LoadSettings } from '../config/index.ts';
import type { StartedPgProxy } from '../explore/index.ts';
import type { InvariantCode } from '../../model/index.ts';
import type { DriverEvidence } from './driver-evidence.ts';
import type { LiveStatus } from '../cli/progress.ts';

export interface CellDatabaseControl {
  /** The cell's database name on the run's cluster. */
  name: string;
  /** pg_terminate_backend on every session of the target's database; returns how many. */
  terminateSessions(): Promise<number>;
}

export interface FakeTwilioHandle {
  url: string;
  accountSid: string;
  authToken: string;
  admin: FakeTwilioAdmin;
}

export interface DriveContext {
  scenario: ScenarioName;
  strategy: StrategyName;
  variant: PageVariant;
  seed: number;
  plan: ScenarioPlan;
  /** The businesses seeded for the plan; every one of them is judged by the invariants. */
  businesses: readonly FixtureBusiness[];
  /** Seeds more businesses (e.g. one fresh business per conformance check); they are judged too. */
  seedBusinesses(request: { count: number; sharedOwner?: boolean; names?: string[] }): Promise<FixtureBusiness[]>;
  fleet: TargetFleet;
  fake: FakeTwilioHandle;
  engine: BurstEngine;
  /** The cell's one history recorder: every request the driver makes is recorded here. */
  history: HistoryRecorder;
  /** null when the harness does not control the target's database (--target-url). */
  database: CellDatabaseControl | null;
  /** A folder of this cell for the driver's artefacts (screenshots, k6 output). */
  artifactsDir: string;
  requestTimeoutMs: number;
  signal: AbortSignal;
  progress(message: string): void;
  /** A live bar on a terminal (absent without one: print a plain progress line every few seconds instead). */
  live?: LiveStatus;
  /** sustained-load: the load profile from --rate/--duration/--stages/… (the defaults when absent). */
  load?: LoadSettings;
  /** interleavings: the exploration settings from --explore-* and --schedule (the defaults when absent). */
  explore?: ExploreSettings;
  /**
   * The PostgreSQL proxy between the target and its database, when the scenario asked for one and
   * the harness gives the target its database (null under --target-url).
   */
  proxy?: StartedPgProxy | null;
  /** --skip-invariant: for a driver that judges as it goes (the explorer, per schedule). */
  skipInvariants?: readonly InvariantCode[];
  /** Staggered bursts: the gap the warm-up measured (absent: the interpreter's bounded default). */
  staggerGapMs?: number;
}

export interface DriveOutcome {
  evidence: DriverEvidence;
  /**
   * Businesses the settle step and the checkers leave out: seeded, but no arrival took them (dropped,
   * or the run stopped early), or a request of theirs was still in flight when an interrupted run
   * stopped waiting, so the state they were left in is not whole.
   */
  unjudged?: readonly string[];
  /** Run when the cell ends, after the checks (e.g. delete the screenshots nobody needs). */
  dispose?(): Promise<void>;
}

export interface Driver {
  /** For progress and errors (plan, chromium, k6, conformance, load, explore); result.json's `driver` comes from the evidence. */
  readonly name: string;
  drive(context: DriveContext): Promise<DriveOutcome>;
}
