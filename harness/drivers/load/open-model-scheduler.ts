import type { LoadStage } from '../../config/index.ts';
import { arrivalOffsetsMs, arrivalPhaseMs, scheduledArrivals } from './arrival-schedule.ts';
import type { LoadClock } from './load-clock.ts';

// The open model (k6's arrival-rate executors): each arrival starts at its scheduled time whether
// or not earlier ones have been answered, so a slow target meets the load it would meet in
// production instead of slowing the sender down (a closed-model sender — N workers in a loop —
// would quietly send less). At most `maxInFlight` iterations are outstanding, like k6's maxVUs;
// an arrival that finds no room is `dropped`: counted, never sent, never queued. A late loop
// (a busy event loop) sends every arrival already due at once, so the counts keep the schedule.

export interface ScheduledArrival {
  /** 0-based position in the schedule, dropped arrivals included. */
  index: number;
  /** Due time in ms from the start of the arrival phase. */
  dueMs: number;
}

export interface OpenModelOptions {
  stages: readonly LoadStage[];
  maxInFlight: number;
  clock: LoadClock;
  /** Stops the arrivals (Ctrl-C, deadline): what was sent is still drained. */
  signal?: AbortSignal;
  /** Called for every arrival in schedule order, dropped or not (e.g. to draw its seeded plan). */
  plan?(arrival: ScheduledArrival): void;
  /**
   * Starts one iteration (the arrival's request and its duplicates), resolving when all of them are
   * done; returns null when it cannot start (no business ready), which counts as dropped.
   */
  start(arrival: ScheduledArrival): Promise<void> | null;
  /** Checked before each arrival: true stops the arrivals early (--abort-on-fail). */
  shouldStop?(): boolean;
}

export interface OpenModelRun {
  /** The whole profile's arrivals. */
  scheduled: number;
  /** Arrivals that came due before the phase ended or stopped; arrivals + dropped = due. */
  due: number;
  arrivals: number;
  dropped: number;
  /** Of dropped: no business was ready (seeding fell behind), rather than max in flight reached. */
  droppedUnstarted: number;
  /** The arrival phase, ms: the profile's length, or until the arrivals stopped. */
  phaseMs: number;
  /** Most iterations outstanding at once. */
  peakInFlight: number;
  stoppedBy: 'schedule' | 'signal' | 'threshold';
}

export interface OpenModelScheduler {
  readonly inFlight: number;
  readonly arrivals: number;
  readonly dropped: number;
  /** Resolves when the arrival phase is over (not when its requests are answered). */
  readonly arrivalsDone: Promise<OpenModelRun>;
  /** Resolves when every started iteration has finished, or after `boundMs` (then some are still out). */
  drained(boundMs: number): Promise<boolean>;
}

export function startOpenModel(options: OpenModelOptions): OpenModelScheduler {
  const { clock, maxInFlight } = options;
  const outstanding = new Set<Promise<void>>();
  const run: OpenModelRun = {
    scheduled: scheduledArrivals(options.stages), due: 0, arrivals: 0, dropped: 0, droppedUnstarted: 0,
    phaseMs: 0, peakInFlight: 0, stoppedBy: 'schedule',
  };
  const startMs = clock.now();

  const loop = async (): Promise<OpenModelRun> => {
    let index = 0;
    for (const dueMs of arrivalOffsetsMs(options.stages)) {
      await clock.sleepUntil(startMs + dueMs, options.signal);
      if (options.signal?.aborted) {
        run.stoppedBy = 'signal';
        break;
      }
      if (options.shouldStop?.()) {
        run.stoppedBy = 'threshold';
        break;
      }
      const arrival = { index: index++, dueMs };
      run.due += 1;
      options.plan?.(arrival);
      if (outstanding.size >= maxInFlight) {
        run.dropped += 1;
        continue;
      }
      const iteration = options.start(arrival);
      if (iteration === null) {
        run.dropped += 1;
        run.droppedUnstarted += 1;
        continue;
      }
      run.arrivals += 1;
      const tracked: Promise<void> = iteration.catch(() => {}).finally(() => outstanding.delete(tracked));
      outstanding.add(tracked);
      run.peakInFlight = Math.max(run.peakInFlight, outstanding.size);
    }
    if (run.stoppedBy === 'schedule') await clock.sleepUntil(startMs + arrivalPhaseMs(options.stages), options.signal);
    run.phaseMs = Math.max(clock.now() - startMs, 0);
    if (run.stoppedBy === 'schedule') run.phaseMs = Math.max(run.phaseMs, arrivalPhaseMs(options.stages));
    return run;
  };
  const arrivalsDone = loop();

  return {
    get inFlight() {
      return outstanding.size;
    },
    get arrivals() {
      return run.arrivals;
    },
    get dropped() {
      return run.dropped;
    },
    arrivalsDone,
    async drained(boundMs) {
      await arrivalsDone;
      const deadline = clock.now() + boundMs;
      const bound = new AbortController();
      const timer = clock.sleepUntil(deadline, bound.signal).then(() => false);
      try {
        // Iterations started while we wait are impossible: the arrival phase is over.
        return await Promise.race([Promise.all([...outstanding]).then(() => true), timer]);
      } finally {
        bound.abort();
      }
    },
  };
}
