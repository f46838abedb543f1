// The transport-agnostic request and response the core speaks; the served server and the msw
// handlers translate to and from these and nothing else.

export interface CoreRequest {
  method: string;
  /** Path without the query string, e.g. `/2010-04-01/Accounts/AC…/IncomingPhoneNumbers.json`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The raw body text, or null when it was larger than the core's `maxBodyBytes` (→ 413). */
  body: string | null;
  /** Aborts when the client goes away: a purchase still in its latency is then not committed. */
  signal: AbortSignal;
}

/**
 * What the adapter does with the socket: `send` the response now; `drop` it (destroy the
 * socket before any byte, or a network error in msw); or `hold` it until `until` settles, then
 * send it if the client is still there.
 */
export type Disposition = { kind: 'send' } | { kind: 'drop' } | { kind: 'hold'; until: Promise<void> };

export interface CoreResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON body, or null for an empty body (204). */
  body: unknown;
  disposition: Disposition;
}

export const SEND: Disposition = { kind: 'send' };
