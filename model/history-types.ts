// A concurrency test is a history of operations, checked against invariants afterwards
// (PostgreSQL's isolation tester, Jepsen). These shapes are written to history.jsonl.

/** ok: the outcome is known and 2xx; fail: known and not 2xx; info: unknown (timeout, reset, abort). */
export type OperationOutcome = 'ok' | 'fail' | 'info';

/**
 * How a request was sent (docs/scenarios.md): the three client behaviours, a real browser, the
 * settle step of ALL_ONBOARDED, `read` (GET /api/businesses/:id), a named conformance check, an
 * open-model load arrival, a request under the interleaving explorer, and warm-up traffic on
 * businesses that are not judged.
 */
export type ClientBehaviour = 'no-key' | 'shared-key' | 'page' | 'settle' | 'read' | 'browser' | 'conformance' | 'load' | 'explore' | 'warm-up';

export interface Operation {
  /** Unique within a scenario cell, increasing in invoke order. */
  id: number;
  scenario: string;
  businessId: string;
  /** Index of the target instance the request went to. */
  instance: number;
  client: ClientBehaviour;
  method: 'POST' | 'GET';
  path: string;
  /** Idempotency-Key sent, or null. */
  key: string | null;
  /** Index of the burst this request belongs to, or null. */
  burst: number | null;
  invokeNs: string;
  completeNs: string;
  /** X-Arrival-Ns of the response, when the target sent it. */
  arrivalNs: string | null;
  outcome: OperationOutcome;
  status: number | null;
  /** Parsed JSON body of the response (truncated to a few KiB), or null. */
  body: unknown;
  /** For info/fail without a response: what happened (`timeout`, `ECONNRESET`, `aborted`…). */
  error: string | null;
  /** Fault the harness applied to this operation, if any (e.g. `client-abort`). */
  fault: string | null;
  /** The cell, when several share one history.jsonl, e.g. `concurrent-burst [naive/fixed]`. */
  cell?: string;
  /** Which attempt of a repeated cell (an expected FAIL is tried up to 5 times), from 1. */
  attempt?: number;
}
