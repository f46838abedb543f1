// An in-memory system for the scheduler's unit tests: lanes are generator programs whose every
// `yield` is a held step, over a shared world with locks that block (and a deadlock detector that
// fails the lane that closes a cycle, as PostgreSQL's does), and a virtual clock. A together-able
// step has a read and a write: alone it runs read-then-write, released together every member reads
// before any writes — the window inside one statement (READ COMMITTED's INSERT … WHERE NOT EXISTS).
import type { ExplorableSystem, ScheduleOutcome } from './interleaving-scheduler.ts';
import type { PendingStep, StepKind, SystemSnapshot } from './schedule-step.ts';

export interface World {
  values: Map<string, number>;
  purchases: number;
  deadlocks: number;
}

export interface SimStep {
  kind: StepKind;
  detail: string;
  readOnly?: boolean;
  droppable?: boolean;
  /** Takes this lock before running (blocks while another lane holds it). */
  lock?: string;
  /** Lets every lock of the lane go after running (a commit). */
  unlock?: boolean;
  /** Together-able: read, then write with what was read. The write's answer goes back to the program. */
  read?: (w: World) => unknown;
  write?: (w: World, read: unknown) => unknown;
  /** A plain step: its answer goes back to the program. */
  run?: (w: World) => unknown;
  /** Virtual ms the lane runs outside any hold before this step is held. */
  afterMs?: number;
}

/** `'dropped'` for a dropped response, `'deadlock'` when the detector chose this lane. */
export type Program = (lane: number, world: World) => Generator<SimStep, void, unknown>;

interface Lane {
  gen: Generator<SimStep, void, unknown>;
  step: SimStep | null;
  state: 'pending' | 'running' | 'blocked' | 'done';
  visibleAt: number;
  waitsFor: string | null;
  /** A blocked step's rest, run when it gets its lock. */
  resume?: () => void;
}

export class SimulatedSystem implements ExplorableSystem {
  world: World = fresh();
  clock = 0;
  readonly ended: { outcome: ScheduleOutcome; world: World }[] = [];
  private lanes: Lane[] = [];
  private locks = new Map<string, number>();

  constructor(
    private readonly programs: Program[],
    private readonly judge: (w: World) => string[] = (w) => (w.purchases > 1 ? ['EXACTLY_ONE_PURCHASE'] : []),
    /** Virtual ms each schedule's end takes (time-budget tests). */
    private readonly endMs = 0,
  ) {}

  now = (): number => this.clock;

  async begin(): Promise<void> {
    this.world = fresh();
    this.locks = new Map();
    this.lanes = this.programs.map((program, lane) => ({ gen: program(lane, this.world), step: null, state: 'running', visibleAt: 0, waitsFor: null }));
    this.lanes.forEach((_, i) => this.advance(i, undefined));
  }

  async snapshot(): Promise<SystemSnapshot> {
    const pending: PendingStep[] = [];
    this.lanes.forEach((l, lane) => {
      if (l.state === 'pending' && l.step) {
        const s = l.step;
        pending.push({ handle: `${lane}`, lane, kind: s.kind, detail: s.detail, readOnly: s.readOnly ?? false, together: s.read !== undefined, droppable: s.droppable ?? false });
      }
    });
    const lanesIn = (state: Lane['state']) => this.lanes.flatMap((l, i) => (l.state === state ? [i] : []));
    return { pending, blockedLanes: lanesIn('blocked'), doneLanes: lanesIn('done') };
  }

  async waitForChange(ms: number): Promise<boolean> {
    const next = Math.min(...this.lanes.filter((l) => l.state === 'running').map((l) => l.visibleAt));
    if (next <= this.clock + ms) {
      this.clock = Math.max(this.clock, next);
      for (const l of this.lanes) if (l.state === 'running' && l.visibleAt <= this.clock) l.state = 'pending';
      return true;
    }
    this.clock += ms;
    return false;
  }

  async release(step: PendingStep): Promise<void> {
    this.execute(step.lane, (s) => (s.run ? s.run(this.world) : s.write ? s.write(this.world, s.read?.(this.world)) : undefined));
  }

  async releaseTogether(steps: PendingStep[]): Promise<void> {
    const reads = steps.map((p) => this.lanes[p.lane]!.step!.read!(this.world));
    steps.forEach((p, i) => this.execute(p.lane, (s) => s.write!(this.world, reads[i])));
  }

  async drop(step: PendingStep): Promise<void> {
    this.execute(step.lane, () => 'dropped');
  }

  async end(outcome: ScheduleOutcome): Promise<{ violations: string[] }> {
    this.clock += this.endMs;
    this.ended.push({ outcome, world: this.world });
    return { violations: this.judge(this.world) };
  }

  private execute(lane: number, body: (s: SimStep) => unknown): void {
    const l = this.lanes[lane]!;
    const s = l.step!;
    if (s.lock !== undefined && this.locks.has(s.lock) && this.locks.get(s.lock) !== lane) {
      l.state = 'blocked';
      l.waitsFor = s.lock;
      l.resume = () => this.finishStep(lane, body(s));
      if (this.closesCycle(lane)) {
        this.world.deadlocks++;
        l.state = 'running';
        l.waitsFor = null;
        this.unlockAll(lane);
        this.advance(lane, 'deadlock');
      }
      return;
    }
    if (s.lock !== undefined) this.locks.set(s.lock, lane);
    this.finishStep(lane, body(s));
  }

  private finishStep(lane: number, answer: unknown): void {
    if (this.lanes[lane]!.step?.unlock) this.unlockAll(lane);
    this.advance(lane, answer);
  }

  private unlockAll(lane: number): void {
    const freed = [...this.locks].filter(([, holder]) => holder === lane).map(([name]) => name);
    for (const name of freed) this.locks.delete(name);
    for (const name of freed) {
      const waiter = this.lanes.findIndex((l) => l.state === 'blocked' && l.waitsFor === name);
      if (waiter === -1) continue;
      const w = this.lanes[waiter]!;
      this.locks.set(name, waiter);
      w.state = 'running';
      w.waitsFor = null;
      w.resume!();
    }
  }

  private closesCycle(lane: number): boolean {
    let at: number | undefined = lane;
    for (let hops = 0; hops <= this.lanes.length; hops++) {
      const wanted: string | null = this.lanes[at!]!.waitsFor;
      if (wanted === null) return false;
      at = this.locks.get(wanted);
      if (at === undefined) return false;
      if (at === lane) return true;
    }
    return false;
  }

  private advance(lane: number, answer: unknown): void {
    const l = this.lanes[lane]!;
    const next = l.gen.next(answer);
    if (next.done) {
      l.state = 'done';
      l.step = null;
      this.unlockAll(lane);
      return;
    }
    l.step = next.value;
    l.visibleAt = this.clock + (next.value.afterMs ?? 0);
    l.state = l.visibleAt <= this.clock ? 'pending' : 'running';
  }
}

function fresh(): World {
  return { values: new Map(), purchases: 0, deadlocks: 0 };
}
