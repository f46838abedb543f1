import type { FixtureBusiness } from '../../target/target-client.ts';

// Each arrival is a new business, seeded through the cell's seedBusinesses (so the invariants
// judge it) *ahead* of the schedule: seeding is a request to the target too, and it must never
// hold an arrival back. A schedule that fits one fixtures request is seeded whole before the clock
// starts; a longer one keeps `lowWater` businesses ready and tops up in the background. A dropped
// arrival takes no business, and the pool never seeds more than the rest of the schedule can use,
// so at most the dropped arrivals' share is left unused — or, when the arrivals stop early (Ctrl-C,
// --abort-on-fail), the rest of the schedule's. Nothing was sent for those: the driver hands them
// back (`unused()`) and the cell judges only the businesses that got an arrival.

/** The fixtures endpoint's largest `count` (docs/target-contract.md leaves it to the target; ours takes 1 000). */
export const MAX_SEED_BATCH = 1_000;

export interface BusinessPoolOptions {
  seed(count: number): Promise<FixtureBusiness[]>;
  /** Businesses the whole schedule can use. */
  scheduled: number;
  /** Keep at least this many ready (e.g. 10 s of the profile's peak rate). */
  lowWater: number;
}

export class BusinessPool {
  private readonly ready: FixtureBusiness[] = [];
  private head = 0;
  private seededOrSeeding = 0;
  private refilling: Promise<void> | null = null;
  /** Arrivals that found no business ready (seeding fell behind the schedule). */
  shortfall = 0;
  /** The first seeding error, if topping up failed: the driver reports it. */
  error: Error | null = null;

  constructor(private readonly options: BusinessPoolOptions) {}

  /** Before the clock starts: the whole schedule when it fits one batch, else 2 × lowWater. */
  async prime(): Promise<void> {
    const first = this.options.scheduled <= MAX_SEED_BATCH ? this.options.scheduled : Math.min(this.options.scheduled, 2 * this.options.lowWater);
    await this.seedUpTo(first);
  }

  get available(): number {
    return this.ready.length - this.head;
  }

  /** The next business, or undefined when none is ready; starts a top-up below the low-water mark. */
  take(): FixtureBusiness | undefined {
    const business = this.head < this.ready.length ? this.ready[this.head++] : undefined;
    if (business === undefined) this.shortfall += 1;
    // Taken businesses are forgotten here: the cell keeps its own list of what it seeded.
    if (this.head > 4_096) {
      this.ready.splice(0, this.head);
      this.head = 0;
    }
    if (this.available < this.options.lowWater && this.refilling === null && this.error === null) {
      this.refilling = this.seedUpTo(Math.min(MAX_SEED_BATCH, 2 * this.options.lowWater)).catch((error: unknown) => {
        this.error = error instanceof Error ? error : new Error(String(error));
      }).finally(() => {
        this.refilling = null;
      });
    }
    return business;
  }

  /** The businesses seeded but never taken (after `settled()`, the final set). */
  unused(): FixtureBusiness[] {
    return this.ready.slice(this.head);
  }

  /** Waits for a top-up in progress (at the end of the arrival phase). */
  async settled(): Promise<void> {
    await this.refilling;
  }

  private async seedUpTo(count: number): Promise<void> {
    let left = Math.min(count, this.options.scheduled - this.seededOrSeeding);
    while (left > 0) {
      const batch = Math.min(left, MAX_SEED_BATCH);
      this.seededOrSeeding += batch;
      left -= batch;
      this.ready.push(...(await this.options.seed(batch)));
    }
  }
}
