// Everything a cell's checkers read, gathered once after the settle step: the plan, the one
// history, the fake's ledger and numbers, the app's view, the target's process events and what
// the driver measured. Checkers only read it (Jepsen: one history, many checkers).
import type { InvariantCode } from '../../model/index.ts';
import type { ScenarioPlan } from '../../scenarios/index.ts';
import type { DriverEvidence } from '../drivers/driver-evidence.ts';
import type { InvariantInput } from '../invariants/index.ts';

export interface LockWaits {
  samples: number;
  maxLockWaiters: number;
  meanLockWaiters: number;
  maxActiveSessions: number;
}

/** What the invariants read (history, ledger, numbers, app view, crashes), and what the other checkers add. */
export interface CellEvidence extends Omit<InvariantInput, 'settle' | 'evaluate'> {
  plan: ScenarioPlan;
  settle: { ran: boolean; reason?: string; settled: number };
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
