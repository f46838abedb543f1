// Building EngineResponses and the burst's spreads: pure, so every sender (raw socket, undici
// client, fetch) reports outcomes and errors the same way.
import type { EngineResponse } from './engine-types.ts';
import { RESPONSE_BODY_CAP_BYTES } from './engine-types.ts';

export interface ExchangeTimes {
  invokeNs: bigint;
  sendNs: bigint;
}

/** A response arrived: raw facts only; the history recorder's one rule decides the outcome. */
export function answered(times: ExchangeTimes, status: number, headers: Record<string, string>, body: Buffer): EngineResponse {
  const capped = body.length > RESPONSE_BODY_CAP_BYTES ? body.subarray(0, RESPONSE_BODY_CAP_BYTES) : body;
  return {
    status,
    headers,
    body: capped.toString('utf8'),
    error: null,
    invokeNs: times.invokeNs,
    sendNs: times.sendNs,
    completeNs: process.hrtime.bigint(),
    arrivalNs: arrivalNsFrom(headers['x-arrival-ns']),
  };
}

/** No (complete) response: the request may or may not have taken effect (the recorder records it as info). */
export function unanswered(times: ExchangeTimes, error: string): EngineResponse {
  return {
    status: null,
    headers: {},
    body: null,
    error,
    invokeNs: times.invokeNs,
    sendNs: times.sendNs,
    completeNs: process.hrtime.bigint(),
    arrivalNs: null,
  };
}

/** X-Arrival-Ns is a decimal hrtime; anything else is treated as absent rather than guessed at. */
export function arrivalNsFrom(value: string | undefined): bigint | null {
  if (value === undefined || !/^\d{1,20}$/.test(value.trim())) return null;
  return BigInt(value.trim());
}

/** The name history.jsonl records for a failure without a response. */
export function errorName(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    // undici: the server closed the connection (FIN) before a complete response. From the
    // client's side that is the same unknown outcome as a reset, and it is recorded as one.
    if (code === 'UND_ERR_SOCKET') {
      const cause = (err as { cause?: { code?: unknown } }).cause;
      return typeof cause?.code === 'string' ? cause.code : 'ECONNRESET';
    }
    if (typeof code === 'string' && code.length > 0) return code;
    const cause = (err as { cause?: unknown }).cause;
    if (cause !== undefined && cause !== err) return errorName(cause);
    return err.name === 'Error' ? err.message : err.name;
  }
  return String(err);
}

/** max − min in milliseconds, or null for an empty set. */
export function spreadMs(values: readonly bigint[]): number | null {
  if (values.length === 0) return null;
  let min = values[0]!;
  let max = values[0]!;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number(max - min) / 1e6;
}

/** Keeps at most `cap` bytes of a streamed body, copying so a large socket buffer is not pinned. */
export class CappedBody {
  #chunks: Buffer[] = [];
  #bytes = 0;

  constructor(private readonly cap = RESPONSE_BODY_CAP_BYTES) {}

  add(chunk: Buffer): void {
    const room = this.cap - this.#bytes;
    if (room <= 0) return;
    const kept = Buffer.from(chunk.length > room ? chunk.subarray(0, room) : chunk);
    this.#chunks.push(kept);
    this.#bytes += kept.length;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}
