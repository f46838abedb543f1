// What the proxy tells the scheduler about each client step: one batch of a connection's
// messages up to `Sync` or `Flush`, or one simple `Query` (or `FunctionCall`), in order per
// connection. Pure types, shared by the proxy process and its control client.

/**
 * held: waiting for the scheduler; released: written to PostgreSQL, no answer yet; blocked:
 * released and PostgreSQL reports the backend waiting on a lock (`pg_blocking_pids`);
 * answered: its `ReadyForQuery` came back (for a `Flush` step: the response to its last
 * message); dropped: the client or the server left before it was answered (never sent, if held).
 */
export type StepState = 'held' | 'released' | 'blocked' | 'answered' | 'dropped';

/** The message that ended the step. */
export type StepEnd = 'sync' | 'flush' | 'query' | 'function-call';

export interface StepSnapshot {
  /** Unique for the proxy's lifetime. */
  id: number;
  connectionId: number;
  /** The PostgreSQL backend's pid (from `BackendKeyData`). */
  backendPid: number;
  /** 1, 2, … per connection. */
  seq: number;
  /** SQL fingerprint without parameters (`?` for literals and `$n`); `(sync)`, `(flush)` for an empty batch. */
  label: string;
  /** The statements' text, `;`-separated, as the client sent it (parameters not substituted). */
  sql: string;
  readOnly: boolean;
  endsWith: StepEnd;
  state: StepState;
  /** Backend pids this one waits for, while `blocked`. */
  blockedBy: number[];
  /** The first error PostgreSQL answered in this step (`SQLSTATE: message`), if any. */
  error: string | null;
  /**
   * While held: why it cannot be released together with other connections' steps (its connection
   * is inside a transaction, it ends with Flush, …), or null when it can. Null once released.
   */
  togetherRefusal: string | null;
  /** Released together with other steps (inside a transaction the proxy opened and committed). */
  together: boolean;
  /** The transaction status of the step's `ReadyForQuery` (`I`, `T`, `E`), once answered. */
  transactionStatus: 'I' | 'T' | 'E' | null;
}

export interface ConnectionSnapshot {
  connectionId: number;
  backendPid: number;
  open: boolean;
}

export type ProxyEvent =
  | { seq: number; kind: 'step'; step: StepSnapshot }
  | { seq: number; kind: 'connection-opened'; connection: ConnectionSnapshot }
  | { seq: number; kind: 'connection-closed'; connection: ConnectionSnapshot; reason: string };

/** hold: every step waits for a release; pass: steps go straight through (still reported). */
export type ProxyMode = 'pass' | 'hold';
