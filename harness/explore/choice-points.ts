// The choices at one decision point, in the explorer's fixed order, each with its preemption cost
// (pure). Order matters: the depth-first search takes the first choice as its default, so the
// first is always free (keep running the lane that ran last), and equal settings give equal
// schedules. Costs follow CHESS's iterative context bounding: switching away from a lane that could
// go on is a preemption (1); switching away from a lane that is blocked, finished, running outside
// our holds, or yielding in a poll loop is free (0).
import type { Choice } from './schedule-id.ts';
import { choiceToken } from './schedule-id.ts';
import { stepRef, type OccurrenceCounter, type PendingStep, type SystemSnapshot } from './schedule-step.ts';

export interface ChoiceOption {
  choice: Choice;
  token: string;
  cost: number;
  /** The steps acted on, in the choice's order. */
  steps: PendingStep[];
  /** Faults this choice spends (a drop: 1). */
  faults: number;
}

export interface ChoiceContext {
  /** The lane of the last step released (last member of a group), null at the start. */
  currentLane: number | null;
  faultsLeft: number;
  occurrences: OccurrenceCounter;
  /** Lanes whose pending step repeats their last read-only statement enough times to yield. */
  yielding: ReadonlySet<number>;
  /** Largest group released together (2..K); 0 or 1 disables together choices. */
  maxTogether: number;
}

export function refOf(step: PendingStep, occurrences: OccurrenceCounter): string {
  return stepRef(step.lane, step.kind, step.detail, occurrences.peek(step));
}

export function choicesAt(snapshot: SystemSnapshot, ctx: ChoiceContext): ChoiceOption[] {
  // A yielding lane is left out while any other lane can go, so a poll loop cannot starve the lane
  // it waits for, nor grow the tree without bound.
  const live = snapshot.pending.filter((s) => !ctx.yielding.has(s.lane));
  const steps = sortSteps(live.length > 0 ? live : snapshot.pending);
  const enabledLanes = new Set(steps.map((s) => s.lane));
  const stay = ctx.currentLane !== null && enabledLanes.has(ctx.currentLane);
  const switchCost = (lane: number): number => (stay && lane !== ctx.currentLane ? 1 : 0);
  const ref = (s: PendingStep) => refOf(s, ctx.occurrences);
  const options: ChoiceOption[] = [];
  for (const s of steps) options.push(option({ kind: 'release', ref: ref(s) }, switchCost(s.lane), [s], 0));
  for (const group of togetherGroups(steps, ctx.maxTogether)) {
    // Running lanes together interleaves them: a preemption whenever the current lane could have gone on alone.
    options.push(option({ kind: 'together', refs: group.map(ref) }, stay ? 1 : 0, group, 0));
  }
  if (ctx.faultsLeft > 0) {
    for (const s of steps) if (s.droppable) options.push(option({ kind: 'drop', ref: ref(s) }, switchCost(s.lane), [s], 1));
  }
  // Stable: the free choices first, in the order above (current lane's step first).
  return options.map((o, i) => ({ o, i })).sort((a, b) => a.o.cost - b.o.cost || a.i - b.i).map(({ o }) => o);

  function sortSteps(list: PendingStep[]): PendingStep[] {
    const rank = (s: PendingStep) => (s.lane === ctx.currentLane ? -1 : s.lane);
    return [...list].sort((a, b) => rank(a) - rank(b) || a.kind.localeCompare(b.kind) || a.detail.localeCompare(b.detail));
  }
}

function option(choice: Choice, cost: number, steps: PendingStep[], faults: number): ChoiceOption {
  return { choice, token: choiceToken(choice), cost, steps, faults };
}

/** Every set of ≥ 2 together-able steps of distinct lanes, one step per lane, lanes ascending. */
function togetherGroups(steps: PendingStep[], max: number): PendingStep[][] {
  if (max < 2) return [];
  const byLane = new Map<number, PendingStep>();
  for (const s of steps) if (s.together && !byLane.has(s.lane)) byLane.set(s.lane, s);
  const lanes = [...byLane.keys()].sort((a, b) => a - b);
  const groups: PendingStep[][] = [];
  const walk = (from: number, picked: PendingStep[]): void => {
    if (picked.length >= 2) groups.push(picked);
    if (picked.length === max) return;
    for (let i = from; i < lanes.length; i++) walk(i + 1, [...picked, byLane.get(lanes[i]!)!]);
  };
  walk(0, []);
  return groups;
}
