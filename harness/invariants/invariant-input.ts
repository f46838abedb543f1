// What every invariant reads: the history, the fake's ledger and numbers, and the app's view.
// All of it is gathered by the scenario runner after the settle step; the invariants only read.
import type { IncomingNumberSnapshot as FakeNumberSnapshot, Ledger } from '../../fake-twilio/types.ts';
import type { Operation } from '../../model/index.ts';
import type { InvariantCode } from '../../model/index.ts';

/**
 * One number the fake sold, as GET /__admin/numbers shows it (current webhook URLs).
 * Looser than fake-twilio's own type (nullable tag, optional bookkeeping) so that numbers from
 * another source — a real account listed for reconcile — can be judged too; the fake's type is
 * assignable to it (checked below).
 */
export interface IncomingNumberSnapshot {
  sid: string;
  phoneNumber: string;
  friendlyName: string | null;
  smsUrl: string | null;
  voiceUrl: string | null;
  accountSid?: string;
  status: 'active' | 'released';
  /** Ledger seq of the purchase that bought it. */
  purchaseSeq?: number | null;
  dateCreated?: string;
}

/** GET /api/businesses/:id after the settle step; null when that read failed. */
export interface AppBusinessView {
  phoneNumber: string | null;
  onboardingStatus: string;
}

export interface TargetCrash {
  instance: number;
  /** True when the scenario killed the instance itself (e.g. SIGKILL while a purchase was paused). */
  expected: boolean;
  detail: string;
}

export interface InvariantInput {
  businesses: { id: string; name?: string }[];
  history: Operation[];
  ledger: Ledger;
  numbers: IncomingNumberSnapshot[];
  appView: Record<string, AppBusinessView | null>;
  /** PUBLIC_BASE_URL the target was given; null when unknown (external target). */
  publicBaseUrl: string | null;
  settle: { ran: boolean; reason?: string };
  crashes: TargetCrash[];
  /** Codes that were not evaluated and why: they report held: null with that reason. */
  evaluate?: Partial<Record<InvariantCode, string>>;
}

// Compile-time check: what the fake's admin client returns can be handed to the invariants as is.
type Assignable<T extends U, U> = T;
type _FakeNumbersFit = Assignable<FakeNumberSnapshot, IncomingNumberSnapshot>;
