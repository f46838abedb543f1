// When to decide (the quiescence rule, harness/explore/README.md). At once when every lane is accounted for — holding a
// step, blocked on a lock, or finished — since nothing else can happen until the scheduler acts.
// Otherwise some lane is running outside our holds (CPU, a timer, a boundary we do not hold), so
// wait a grace period for it to reach one; the grace adapts to how long lanes have taken to settle
// so far, so a slow target does not get decided on too early, and a fast one is not slowed down.
import type { SystemSnapshot } from './schedule-step.ts';

export interface GraceSettings {
  initialMs: number;
  minMs: number;
  maxMs: number;
  /** The grace is this many times the longest settle seen. */
  factor: number;
}

export const DEFAULT_GRACE: GraceSettings = { initialMs: 50, minMs: 10, maxMs: 2_000, factor: 4 };

export class AdaptiveGrace {
  private longest = 0;
  private seen = false;

  constructor(private readonly settings: GraceSettings = DEFAULT_GRACE) {}

  get ms(): number {
    if (!this.seen) return this.settings.initialMs;
    return Math.min(this.settings.maxMs, Math.max(this.settings.minMs, this.longest * this.settings.factor));
  }

  /** A lane reached a hold `ms` after the last decision. */
  settled(ms: number): void {
    this.seen = true;
    this.longest = Math.max(this.longest, ms);
  }
}

export interface SettleSource {
  snapshot(): Promise<SystemSnapshot>;
  /** Resolves true as soon as something changed since the last snapshot, false after `ms`. */
  waitForChange(ms: number): Promise<boolean>;
}

export type Settled = { snapshot: SystemSnapshot; quiescent: boolean; stalled: boolean };

/** Every lane holds a step, is blocked or is done. */
export function accountsForAll(s: SystemSnapshot, lanes: number): boolean {
  const seen = new Set([...s.pending.map((p) => p.lane), ...s.blockedLanes, ...s.doneLanes]);
  for (let lane = 0; lane < lanes; lane++) if (!seen.has(lane)) return false;
  return true;
}

/**
 * Waits until the system is quiescent or the grace ran out with something to decide on. With
 * nothing held at all (lanes running or blocked), it waits up to `stallMs` for a change and then
 * reports the schedule stalled, rather than hanging.
 */
export async function settle(source: SettleSource, lanes: number, grace: AdaptiveGrace, now: () => number, stallMs: number): Promise<Settled> {
  let start = now();
  for (;;) {
    const snapshot = await source.snapshot();
    if (accountsForAll(snapshot, lanes)) {
      // Every lane still going is blocked and nothing is held: a deadlock (PostgreSQL's detector
      // will end it) or a lock held outside the schedule. Nothing to decide: wait for it to change.
      if (snapshot.pending.length === 0 && snapshot.blockedLanes.length > 0) {
        if (await source.waitForChange(stallMs)) continue;
        return { snapshot, quiescent: false, stalled: true };
      }
      grace.settled(now() - start);
      return { snapshot, quiescent: true, stalled: false };
    }
    // A lane certain to change soon is waited for; one running its own code gets the grace.
    const awaiting = (snapshot.awaitingLanes?.length ?? 0) > 0;
    const waitMs = snapshot.pending.length > 0 && !awaiting ? grace.ms : stallMs;
    const changed = await source.waitForChange(waitMs);
    // Time spent waiting for a certain change (a statement's answer, a lock wait being reported, a
    // purchase's response hold) is not a lane running its own code: the grace learns only from that.
    if (awaiting) start = now();
    if (!changed) {
      const last = await source.snapshot();
      if (accountsForAll(last, lanes)) continue;
      return { snapshot: last, quiescent: false, stalled: last.pending.length === 0 };
    }
  }
}
