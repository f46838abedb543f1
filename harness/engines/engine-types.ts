// Public shapes of the burst engine (docs/scenarios.md). The scenario runner builds
// operations (model/history-types.ts) from these; nothing here does I/O.

/** How the requests of one burst are released. */
export type BurstMethod = 'last-byte' | 'warm' | 'fetch';

export interface EngineRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export interface EngineResponse {
  status: number | null;
  /** Lower-cased names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Decoded as UTF-8 and capped at RESPONSE_BODY_CAP_BYTES; null when no response arrived. */
  body: string | null;
  /** 'timeout' | 'aborted' | 'ECONNRESET' | 'ECONNREFUSED' | … ; null when a response arrived. */
  error: string | null;
  /** process.hrtime.bigint() when the engine was asked to send. */
  invokeNs: bigint;
  /** When the request's final byte was handed to the kernel (0n if it never was). */
  sendNs: bigint;
  /** When the outcome became known (response complete, or the error). */
  completeNs: bigint;
  /** From the X-Arrival-Ns response header: when the whole request had arrived at the target. */
  arrivalNs: bigint | null;
}

export interface BurstResult {
  /** One per request, in the order of the requests. */
  responses: EngineResponse[];
  /** max − min of sendNs over the requests whose final byte was written, in ms. */
  sendSpreadMs: number;
  /** max − min of arrivalNs in ms; null unless every response carried X-Arrival-Ns. */
  arrivalSpreadMs: number | null;
  method: BurstMethod;
}

export interface SendOptions {
  /** Overrides the engine's timeoutMs for this call. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Client-abort fault: abort each request this long after its send (outcome info / 'aborted'). */
  abortAfterSendMs?: number;
  /**
   * burst(): called once, right after the held-back bytes of every request were written, so a
   * caller can release the next burst without waiting for this one's responses (staggered release).
   */
  onReleased?: () => void;
  /** burst(): overrides the engine's settleBeforeReleaseMs for this burst. */
  settleBeforeReleaseMs?: number;
}

export interface BurstEngineOptions {
  /** 'auto' (default) = last-byte where the request can be split, else warm. */
  method?: 'auto' | BurstMethod;
  /** Per request, from invoke to complete response. Default 30 000. */
  timeoutMs?: number;
  /** Largest burst accepted (one socket per request). Default 500. */
  maxBurstSize?: number;
  /**
   * Pause between the rendezvous and the release (last-byte, warm), so the target has accepted
   * every connection and read every prefix before the final bytes go. Default 1.
   */
  settleBeforeReleaseMs?: number;
}

export interface BurstEngine extends AsyncDisposable {
  /** Sends every request at once, each on its own pre-opened connection; never rejects for a request's failure. */
  burst(requests: EngineRequest[], opts?: SendOptions): Promise<BurstResult>;
  /** A single request (settle step, reads) on a keep-alive pool; never retried. */
  send(request: EngineRequest, opts?: SendOptions): Promise<EngineResponse>;
  close(): Promise<void>;
}

/** Bodies beyond this are cut: a scenario only needs the JSON envelope, and memory must stay flat. */
export const RESPONSE_BODY_CAP_BYTES = 64 * 1024;
