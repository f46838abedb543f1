// The scheduler core (pure logic over an ExplorableSystem; no I/O of its own). Stateless model
// checking: every schedule runs the system from a fresh start, replaying a prefix of choices and
// then taking the default (first, free) choice at each later decision point. The choices seen are
// kept as a tree, so each schedule is run once. Iterative preemption bounding (CHESS): pass b runs
// exactly the schedules with b preemptions, for b = 0 … bound, so the first failure found has the
// fewest preemptions. No reduction of equivalent orders is done: every order within the bound is run.
import { choicesAt, type ChoiceOption } from './choice-points.ts';
import { AdaptiveGrace, DEFAULT_GRACE, settle, type GraceSettings, type SettleSource } from './quiescence.ts';
import { formatScheduleId, parseScheduleId, type Choice } from './schedule-id.ts';
import { OccurrenceCounter, type PendingStep, type StepKind } from './schedule-step.ts';

export interface ExplorableSystem extends SettleSource {
  /** Starts one schedule: a fresh business, K requests in flight, every boundary held. */
  begin(): Promise<void>;
  release(step: PendingStep): Promise<void>;
  releaseTogether(steps: PendingStep[]): Promise<void>;
  drop(step: PendingStep): Promise<void>;
  /** Ends the schedule (lets whatever is still held go) and judges it: the invariants broken. */
  end(outcome: ScheduleOutcome): Promise<{ violations: string[] }>;
}

export type ScheduleOutcome = 'complete' | 'capped' | 'stalled' | 'diverged';

export interface SchedulerOptions {
  lanes: number;
  /** Preemption bound (default 2). */
  bound?: number;
  /** Dropped responses per schedule (default 1). */
  faults?: number;
  maxSchedules?: number;
  maxMs?: number;
  /** Decisions per schedule before it is cut short (`capped`). */
  maxSteps?: number;
  /** Largest group released together (default: lanes). */
  maxTogether?: number;
  /** Consecutive runs of one read-only statement after which a lane yields (default 2). */
  yieldAfter?: number;
  /** Keep exploring after the first violation. */
  exploreAll?: boolean;
  grace?: GraceSettings;
  /** How long a schedule with nothing held may wait for a change before it is `stalled`. */
  stallMs?: number;
  /** Monotonic ms clock (injected by tests). */
  now?: () => number;
  /** Told after each schedule (progress lines). */
  onSchedule?: (record: ScheduleRecord) => void;
}

export interface StepRecord {
  lane: number;
  kind: StepKind;
  detail: string;
  how: 'alone' | 'together' | 'dropped';
  /** PostgreSQL made it wait on a lock after its release. */
  blocked: boolean;
}

export interface Divergence {
  /** The decision (0-based) where the replay met something else. */
  index: number;
  expected: string;
  available: string[];
  /** The steps released before it. */
  after: StepRecord[];
}

export interface ScheduleRecord {
  id: string;
  /** 1-based, in exploration order. */
  index: number;
  preemptions: number;
  faults: number;
  steps: StepRecord[];
  outcome: ScheduleOutcome;
  violations: string[];
  divergence: Divergence | null;
}

export interface ExplorationResult {
  schedules: number;
  /** Schedules run in each pass (index = preemptions). */
  perBound: number[];
  distinctInterleavings: number;
  blockedSteps: number;
  capped: number;
  stalled: number;
  /** Runs that met other choices than the tree had recorded for the same prefix (a nondeterministic system). */
  divergences: number;
  /** Every schedule within the bound was run. */
  exhausted: boolean;
  stoppedBy: 'exhausted' | 'violation' | 'schedules' | 'time';
  firstFailing: ScheduleRecord | null;
  failing: ScheduleRecord[];
  graceMs: number;
}

interface TreeNode {
  tokens: string[];
  costs: number[];
  children: (TreeNode | undefined)[];
  /** A run ended here (no choices, capped, stalled). */
  leaf: boolean;
  /** The largest remaining budget for which this subtree holds no schedule left to run. */
  exhaustedFor: number;
}

type Plan = { kind: 'explore'; prefix: number[] } | { kind: 'replay'; choices: Choice[] };

export class InterleavingScheduler {
  private readonly o: Required<Omit<SchedulerOptions, 'grace' | 'onSchedule'>> & { grace: GraceSettings; onSchedule?: (record: ScheduleRecord) => void };
  private readonly grace: AdaptiveGrace;
  private root: TreeNode | undefined;
  private divergences = 0;

  constructor(private readonly system: ExplorableSystem, options: SchedulerOptions) {
    if (!Number.isInteger(options.lanes) || options.lanes < 1) throw new RangeError(`lanes must be a positive integer, got ${options.lanes}`);
    this.o = {
      bound: 2,
      faults: 1,
      maxSchedules: 300,
      maxMs: 60_000,
      maxSteps: 200,
      maxTogether: options.lanes,
      yieldAfter: 2,
      exploreAll: false,
      grace: DEFAULT_GRACE,
      stallMs: 10_000,
      now: () => performance.now(),
      ...options,
    };
    this.grace = new AdaptiveGrace(this.o.grace);
  }

  /** The quiescence grace as learnt so far (ms). */
  get graceMs(): number {
    return this.grace.ms;
  }

  async explore(): Promise<ExplorationResult> {
    const started = this.o.now();
    const perBound: number[] = [];
    const failing: ScheduleRecord[] = [];
    const ids = new Set<string>();
    let schedules = 0;
    let blockedSteps = 0;
    let capped = 0;
    let stalled = 0;
    let stoppedBy: ExplorationResult['stoppedBy'] = 'exhausted';
    outer: for (let bound = 0; bound <= this.o.bound; bound++) {
      perBound.push(0);
      for (;;) {
        const prefix = this.nextPrefix(bound);
        if (prefix === null) break;
        if (schedules >= this.o.maxSchedules) {
          stoppedBy = 'schedules';
          break outer;
        }
        if (this.o.now() - started >= this.o.maxMs) {
          stoppedBy = 'time';
          break outer;
        }
        const record = await this.run({ kind: 'explore', prefix }, ++schedules);
        this.o.onSchedule?.(record);
        perBound[bound]!++;
        ids.add(record.id);
        blockedSteps += record.steps.filter((s) => s.blocked).length;
        if (record.outcome === 'capped') capped++;
        if (record.outcome === 'stalled') stalled++;
        if (record.violations.length > 0) {
          failing.push(record);
          if (!this.o.exploreAll) {
            stoppedBy = 'violation';
            break outer;
          }
        }
      }
    }
    return {
      schedules,
      perBound,
      distinctInterleavings: ids.size,
      blockedSteps,
      capped,
      stalled,
      divergences: this.divergences,
      exhausted: stoppedBy === 'exhausted' || (stoppedBy === 'violation' && this.nextPrefix(this.o.bound) === null),
      stoppedBy,
      firstFailing: failing[0] ?? null,
      failing,
      graceMs: this.grace.ms,
    };
  }

  /** Runs one schedule exactly as its id says; a different step met on the way is reported as a divergence. */
  async replay(id: string): Promise<ScheduleRecord> {
    return this.run({ kind: 'replay', choices: parseScheduleId(id) }, 1);
  }

  /** The choice indices leading to the first schedule not yet run within `bound`, depth first; null when there is none. */
  private nextPrefix(bound: number): number[] | null {
    if (!this.root) return [];
    const path: number[] = [];
    const walk = (node: TreeNode, left: number): boolean => {
      if (node.leaf || left <= node.exhaustedFor) return false;
      for (let j = 0; j < node.tokens.length; j++) {
        const rest = left - node.costs[j]!;
        if (rest < 0) continue;
        path.push(j);
        const child = node.children[j];
        if (child === undefined || walk(child, rest)) return true;
        path.pop();
      }
      node.exhaustedFor = left;
      return false;
    };
    return walk(this.root, bound) ? path : null;
  }

  private async run(plan: Plan, index: number): Promise<ScheduleRecord> {
    await this.system.begin();
    const occurrences = new OccurrenceCounter();
    const lastDetail = new Map<number, string>();
    const repeats = new Map<number, number>();
    const steps: StepRecord[] = [];
    const chosen: Choice[] = [];
    let released: { lanes: number[]; records: StepRecord[] } | null = null;
    let currentLane: number | null = null;
    let faults = 0;
    let preemptions = 0;
    let outcome: ScheduleOutcome = 'complete';
    let divergence: Divergence | null = null;
    let attach: (node: TreeNode) => TreeNode = (node) => (this.root ??= node);
    for (let depth = 0; ; depth++) {
      const settled = await settle(this.system, this.o.lanes, this.grace, this.o.now, this.o.stallMs);
      const snap = settled.snapshot;
      if (released) for (const r of released.records) if (snap.blockedLanes.includes(r.lane)) r.blocked = true;
      if (settled.stalled) {
        outcome = 'stalled';
        break;
      }
      const yielding = new Set(
        snap.pending.filter((s) => s.readOnly && lastDetail.get(s.lane) === s.detail && (repeats.get(s.lane) ?? 0) >= this.o.yieldAfter).map((s) => s.lane),
      );
      const options = choicesAt(snap, { currentLane, faultsLeft: this.o.faults - faults, occurrences, yielding, maxTogether: this.o.maxTogether });
      const tokens = options.map((c) => c.token);
      if (options.length > 0 && depth >= this.o.maxSteps) {
        outcome = 'capped';
        break;
      }
      let pick: number;
      if (plan.kind === 'replay') {
        const expected = plan.choices[depth];
        pick = expected === undefined ? -1 : tokens.indexOf(formatScheduleId([expected]));
        if (pick === -1 && (expected !== undefined || options.length > 0)) {
          divergence = { index: depth, expected: expected ? formatScheduleId([expected]) : '(end of schedule)', available: tokens, after: steps.map((s) => ({ ...s })) };
          outcome = 'diverged';
          break;
        }
      } else {
        const node = attach(this.recorded(options));
        if (node.tokens.join(' ') !== tokens.join(' ')) this.diverged(node, options);
        const next = plan.prefix[depth] ?? 0;
        pick = next < options.length ? next : 0;
        attach = (child) => (node.children[pick] ??= child);
      }
      if (options.length === 0) break;
      const option = options[pick]!;
      preemptions += option.cost;
      faults += option.faults;
      chosen.push(option.choice);
      released = { lanes: option.steps.map((s) => s.lane), records: await this.apply(option, occurrences, lastDetail, repeats) };
      steps.push(...released.records);
      currentLane = option.steps[option.steps.length - 1]!.lane;
    }
    if (plan.kind === 'explore' && outcome !== 'complete') attach(this.recorded([])).leaf = true;
    const verdict = await this.system.end(outcome);
    return { id: formatScheduleId(chosen), index, preemptions, faults, steps, outcome, violations: verdict.violations, divergence };
  }

  private recorded(options: ChoiceOption[]): TreeNode {
    return { tokens: options.map((c) => c.token), costs: options.map((c) => c.cost), children: [], leaf: options.length === 0, exhaustedFor: -1 };
  }

  /** The system offered other choices than last time at this prefix: trust what it does now. */
  private diverged(node: TreeNode, options: ChoiceOption[]): void {
    this.divergences++;
    node.tokens = options.map((c) => c.token);
    node.costs = options.map((c) => c.cost);
    node.children = [];
    node.leaf = options.length === 0;
    node.exhaustedFor = -1;
  }

  private async apply(option: ChoiceOption, occurrences: OccurrenceCounter, lastDetail: Map<number, string>, repeats: Map<number, number>): Promise<StepRecord[]> {
    const how = option.choice.kind === 'together' ? 'together' : option.choice.kind === 'drop' ? 'dropped' : 'alone';
    for (const s of option.steps) {
      occurrences.count(s);
      const again = s.readOnly === true && lastDetail.get(s.lane) === s.detail;
      repeats.set(s.lane, again ? (repeats.get(s.lane) ?? 0) + 1 : 0);
      lastDetail.set(s.lane, s.detail);
    }
    if (option.choice.kind === 'together') await this.system.releaseTogether(option.steps);
    else if (option.choice.kind === 'drop') await this.system.drop(option.steps[0]!);
    else await this.system.release(option.steps[0]!);
    return option.steps.map((s) => ({ lane: s.lane, kind: s.kind, detail: s.detail, how, blocked: false }));
  }
}
