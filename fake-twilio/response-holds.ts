// Responses the core keeps back after a commit: `commit-then-hang` (sent after hangMs unless the
// client leaves) and `commit-then-pause` (sent on /__admin/release-paused). Kept in one place so
// reset and close can let every one of them go and nothing waits on a timer that outlives the run.

export class ResponseHolds {
  private readonly paused = new Map<number, () => void>();
  private readonly hung = new Set<() => void>();

  /** Resolves after `ms`, when the client leaves, or when all holds are let go. */
  hang(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.hung.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.hung.add(done);
    });
  }

  /** Resolves when `release(seq)` or `releaseAll()` is called. */
  pause(seq: number): Promise<void> {
    return new Promise((resolve) => this.paused.set(seq, resolve));
  }

  /** Lets paused responses go: one by purchase seq, or all. Returns the seqs released. */
  release(seq?: number): number[] {
    const seqs = seq === undefined ? [...this.paused.keys()] : this.paused.has(seq) ? [seq] : [];
    for (const s of seqs) {
      this.paused.get(s)!();
      this.paused.delete(s);
    }
    return seqs;
  }

  releaseAll(): void {
    this.release();
    for (const done of [...this.hung]) done();
  }
}
