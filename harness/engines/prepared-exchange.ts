// A request made ready on its own connection and held back until the burst's rendezvous.
import type { EngineResponse } from './engine-types.ts';

export interface PreparedExchange {
  /** true once connected and all but the held-back bytes are written; false if it settled before that (refused, timeout, abort). */
  readonly ready: Promise<boolean>;
  /** Writes the held-back bytes: the final byte (last-byte) or the whole request (warm). */
  release(): void;
  /** Always resolves, once, with the response or why there is none. */
  readonly done: Promise<EngineResponse>;
}
