// The scheduler's step model (pure). A lane is one onboarding request; a step is one thing that lane
// does at a boundary the explorer holds: its arrival at the target, a SQL batch at the proxy, a
// Twilio call at the fake, a purchase response after its commit. Pooled connections are reused in
// any order, so a step is named by what it is — lane, kind, detail (SQL fingerprint without
// parameters / Twilio operation), occurrence — never by connection or hold ids.
import { createHash } from 'node:crypto';

export type StepKind = 'arrival' | 'sql' | 'twilio' | 'response';

/** A step the system holds now, as its adapter reports it. */
export interface PendingStep {
  /** The adapter's own handle (proxy step id, hold id, …): used to act on it, never part of a schedule. */
  handle: string;
  lane: number;
  kind: StepKind;
  /** SQL fingerprint, Twilio operation (`purchase`, `list`, …), or `POST /onboard` for an arrival. */
  detail: string;
  /** A read-only statement (a poll loop repeating it yields). */
  readOnly?: boolean;
  /** May be released together with steps of other lanes (an autocommit SQL statement). */
  together?: boolean;
  /** A purchase response after its commit: may be dropped within the fault budget. */
  droppable?: boolean;
}

/** What the system looks like at one moment: held steps, and lanes blocked on a lock or finished. */
export interface SystemSnapshot {
  pending: PendingStep[];
  blockedLanes: number[];
  doneLanes: number[];
  /**
   * Lanes certain to reach a hold, a lock wait or their answer soon: a released statement not yet
   * answered (or reported blocked), a purchase call released whose response hold has not appeared.
   * Quiescence waits for them (up to the stall limit) instead of deciding after a grace period.
   */
  awaitingLanes?: number[];
}

const KIND_LETTER: Record<StepKind, string> = { arrival: 'a', sql: 'q', twilio: 't', response: 'r' };
const LETTER_KIND = new Map(Object.entries(KIND_LETTER).map(([k, v]) => [v, k as StepKind]));

export function kindOfLetter(letter: string): StepKind | undefined {
  return LETTER_KIND.get(letter);
}

/**
 * The printable reference of a step inside a schedule id: `<lane><kind letter><hash of detail>`
 * plus `_<occurrence>` after the first. Six hex digits of SHA-1 keep an id short enough for a
 * command line; two different details of one lane and kind colliding (1 in 16 million) would only
 * make a replay miss a divergence it should report, never explore a wrong step.
 */
export function stepRef(lane: number, kind: StepKind, detail: string, occurrence: number): string {
  const hash = createHash('sha1').update(detail).digest('hex').slice(0, 6);
  return `${lane}${KIND_LETTER[kind]}${hash}${occurrence > 0 ? `_${occurrence}` : ''}`;
}

/** Counts the occurrences of (lane, kind, detail) as a schedule goes, so equal steps get distinct refs. */
export class OccurrenceCounter {
  private readonly seen = new Map<string, number>();

  /** The occurrence a step would have if chosen now (not counted yet). */
  peek(step: Pick<PendingStep, 'lane' | 'kind' | 'detail'>): number {
    return this.seen.get(key(step)) ?? 0;
  }

  count(step: Pick<PendingStep, 'lane' | 'kind' | 'detail'>): void {
    this.seen.set(key(step), this.peek(step) + 1);
  }
}

const key = (s: Pick<PendingStep, 'lane' | 'kind' | 'detail'>): string => `${s.lane}\u0000${s.kind}\u0000${s.detail}`;
