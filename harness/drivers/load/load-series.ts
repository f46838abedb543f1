import type { LoadSeriesPoint } from '../../../model/index.ts';

// The per-second series of result.json's `load`, bounded: when it reaches `maxPoints`, neighbouring
// points are merged in pairs and later ticks are accumulated twice as long, so an hours-long run
// keeps at most `maxPoints` points (memory must not grow with the run). Counts (arrivals,
// completed, purchases, dropped) are per point; inFlight and violations are as at the point's end;
// p50Ms, p95Ms and p99Ms of a merged point are the larger of the two (an upper bound, never an
// understatement).

export interface SeriesTick {
  /** Seconds since the arrival phase began, at the end of the tick. */
  t: number;
  arrivals: number;
  completed: number;
  inFlight: number;
  p95Ms: number;
  purchases: number;
  violations: number;
  p50Ms: number;
  p99Ms: number;
  /** Arrivals that came due in the tick and were not sent (max in flight, no seeded business). */
  dropped: number;
}

export class LoadSeries {
  private readonly points: LoadSeriesPoint[] = [];
  /** Ticks per point; doubles at every compaction. */
  private width = 1;
  private pending: LoadSeriesPoint | null = null;
  private pendingTicks = 0;

  constructor(private readonly maxPoints = 600) {
    if (maxPoints < 2) throw new RangeError('a series needs room for at least 2 points');
  }

  add(tick: SeriesTick): void {
    this.pending = this.pending === null ? { ...tick } : merge(this.pending, tick);
    this.pendingTicks += 1;
    if (this.pendingTicks < this.width) return;
    this.points.push(this.pending);
    this.pending = null;
    this.pendingTicks = 0;
    if (this.points.length >= this.maxPoints) this.compact();
  }

  /** Every point, the partly filled one last. */
  snapshot(): LoadSeriesPoint[] {
    return this.pending === null ? [...this.points] : [...this.points, { ...this.pending }];
  }

  private compact(): void {
    const merged: LoadSeriesPoint[] = [];
    for (let i = 0; i < this.points.length; i += 2) {
      const next = this.points[i + 1];
      merged.push(next === undefined ? this.points[i]! : merge(this.points[i]!, next));
    }
    this.points.splice(0, this.points.length, ...merged);
    this.width *= 2;
  }
}

function merge(earlier: LoadSeriesPoint, later: LoadSeriesPoint): LoadSeriesPoint {
  return {
    t: later.t,
    arrivals: earlier.arrivals + later.arrivals,
    completed: earlier.completed + later.completed,
    inFlight: later.inFlight,
    p95Ms: Math.max(earlier.p95Ms, later.p95Ms),
    purchases: earlier.purchases + later.purchases,
    violations: later.violations,
    p50Ms: Math.max(earlier.p50Ms ?? 0, later.p50Ms ?? 0),
    p99Ms: Math.max(earlier.p99Ms ?? 0, later.p99Ms ?? 0),
    dropped: (earlier.dropped ?? 0) + (later.dropped ?? 0),
  };
}
