// The life of one request/response, shared by every sender: it settles exactly once, with the
// response or with why there is none, and owns the timeout, the caller's AbortSignal and the
// client-abort fault so that each sender only has to move bytes.
import type { EngineResponse, SendOptions } from './engine-types.ts';
import { answered, unanswered, type ExchangeTimes } from './engine-response.ts';

export type CancelReason = 'timeout' | 'aborted';

export class ExchangeSettler {
  readonly times: ExchangeTimes;
  readonly done: Promise<EngineResponse>;
  #resolve!: (response: EngineResponse) => void;
  #settled = false;
  #timer: NodeJS.Timeout | undefined;
  #abortTimer: NodeJS.Timeout | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = (): void => this.#cancel('aborted');
  readonly #abortAfterSendMs: number | undefined;

  /** `cancel` tears down the transport; it runs after the exchange has settled, so its errors are ignored. */
  constructor(opts: SendOptions & { timeoutMs: number }, private readonly cancel: (reason: CancelReason) => void) {
    this.times = { invokeNs: process.hrtime.bigint(), sendNs: 0n };
    this.done = new Promise((resolve) => (this.#resolve = resolve));
    this.#signal = opts.signal;
    this.#abortAfterSendMs = opts.abortAfterSendMs;
    if (opts.signal?.aborted) {
      queueMicrotask(() => this.#cancel('aborted'));
      return;
    }
    opts.signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#timer = setTimeout(() => this.#cancel('timeout'), opts.timeoutMs);
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** The final byte is with the kernel: from here the target may act on the request. */
  markSent(): void {
    if (this.#settled || this.times.sendNs !== 0n) return;
    this.times.sendNs = process.hrtime.bigint();
    if (this.#abortAfterSendMs !== undefined) {
      this.#abortTimer = setTimeout(() => this.#cancel('aborted'), this.#abortAfterSendMs);
    }
  }

  answer(status: number, headers: Record<string, string>, body: Buffer): void {
    if (this.#settle()) this.#resolve(answered(this.times, status, headers, body));
  }

  fail(error: string): void {
    if (this.#settle()) this.#resolve(unanswered(this.times, error));
  }

  #cancel(reason: CancelReason): void {
    if (!this.#settle()) return;
    this.#resolve(unanswered(this.times, reason));
    this.cancel(reason);
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#abortTimer);
    this.#signal?.removeEventListener('abort', this.#onAbort);
    return true;
  }
}
