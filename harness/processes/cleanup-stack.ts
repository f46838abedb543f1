// Resources released in reverse order of acquisition, whatever happened in between — the
// shape of TC39's AsyncDisposableStack, which Node 20 does not ship. (The es-shims polyfill
// patches globals; for a dozen lines we keep our own.)
export class CleanupStack implements AsyncDisposable {
  private readonly steps: (() => Promise<unknown> | unknown)[] = [];
  private disposed = false;

  use<T extends AsyncDisposable>(resource: T): T {
    this.steps.push(() => resource[Symbol.asyncDispose]());
    return resource;
  }

  defer(step: () => Promise<unknown> | unknown): void {
    this.steps.push(step);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const step of this.steps.reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'several clean-up steps failed');
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
