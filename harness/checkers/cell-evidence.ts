// Everything a cell's checkers read, gathered once after the settle step: the plan, the one
// history, the fake's ledger and numbers, the app's view, the target's process events and what
// the driver measured. Checkers only read it (Jepsen: one history, many checkers).
import type { Ledger } from '../../fake-twilio/index.ts';
import type { InvariantCode, Operation } from '../../model/index.ts';
import type { ScenarioPlan } from '../../scenarios/index.ts';
import type { DriverEvidence } from '../drivers/driver-evidence.ts';
import type { AppBusinessView, IncomingNumberSnapshot, TargetCrash } from '../invariants/index.ts';

export interface LockWaits {
  samples: number;
  maxLockWaiters: number;
  meanLockWaiters: number;
  maxActiveSessions: number;
}

export interface CellEvidence {
  plan: ScenarioPlan;
  businesses: { id: string; name?: string }[];
  history: Operation[];
  ledger: Ledger;
  numbers: IncomingNumberSnapshot[];
  appView: Record<string, AppBusinessView | null>;
  /** PUBLIC_BASE_URL the target was given; null when the harness does not know it. */
  publicBaseUrl: string | null;
  settle: { ran: boolean; reason?: string; settled: number };
  crashes: TargetCrash[];
  driver: DriverEvidence;
  locks: LockWaits | null;
  /** Control faults the target's kind made impossible, counted as the full plan aimed them. */
  skippedFaults: { kind: string; count: number; reason: string }[];
  /** Invariants the user opted out of (--skip-invariant). */
  skipInvariants: readonly InvariantCode[];
  /** Invariants that cannot be evaluated here, and why (they come out held: null). */
  notEvaluable: Partial<Record<InvariantCode, string>>;
  traffic: { ms: number; requests: number };
}
