// Records a scenario cell's operations as invoke → ok / fail / info (Jepsen's history): ids in
// invoke order, monotonic timestamps comparable with the fake's ledger (both hrtime), each
// completed operation streamed to history.jsonl with a bounded body, and a compact copy kept
// in memory for the invariants of this cell.
import type { ClientBehaviour, Operation } from '../../model/index.ts';
import { captureBody, DEFAULT_MAX_BODY_BYTES } from './body-capture.ts';
import { HistoryError } from './history-error.ts';
import { classifyOutcome } from './outcome.ts';

export interface InvokeFields {
  businessId: string;
  client: ClientBehaviour;
  method: 'POST' | 'GET';
  path: string;
  instance?: number;
  key?: string | null;
  burst?: number | null;
  /** A fault the harness applies to this request (e.g. `client-abort`). */
  fault?: string | null;
}

export interface ResponseFields {
  status: number;
  /** Parsed JSON, or the raw text/bytes of the body. */
  body?: unknown;
  /** X-Arrival-Ns of the response, when the target sent it. */
  arrivalNs?: string | null;
}

/** No response: `sent: false` when the request provably never reached the target (→ fail). */
export interface ErrorFields {
  error: string;
  sent?: boolean;
}

/**
 * What a sender observed of one exchange (the burst engine's EngineResponse fits): raw facts,
 * never an outcome — the recorder's one rule (classifyOutcome) decides ok / fail / info.
 */
export interface ExchangeFacts {
  status: number | null;
  body: unknown;
  error: string | null;
  invokeNs: bigint;
  /** When the final byte was handed to the kernel (0n if it never was). */
  sendNs: bigint;
  completeNs: bigint;
  arrivalNs: bigint | null;
}

export interface PendingOperation {
  readonly id: number;
  readonly invokeNs: string;
  /**
   * Completes with a sender's own timestamps. The target can act on a request only once its final
   * byte is sent (a burst holds it back until the release), so the operation begins then, and at
   * the sender's invocation if it was never sent.
   */
  exchanged(facts: ExchangeFacts): Operation;
  /** Classifies by itself: 2xx → ok, another status → fail, no response → info (or fail if never sent). */
  complete(result: ResponseFields | ErrorFields): Operation;
  ok(response: ResponseFields): Operation;
  fail(result: ResponseFields | ErrorFields): Operation;
  info(error: string): Operation;
}

/** Where lines go: a Node Writable (e.g. from openHistoryFile) or anything with write(). */
export interface HistorySink {
  write(line: string): unknown;
}

export interface HistoryRecorderOptions {
  scenario: string;
  /** Names the cell in a file shared by several, e.g. `concurrent-burst [naive/mixed]`. */
  cell?: string;
  attempt?: number;
  sink?: HistorySink | null;
  maxBodyBytes?: number;
  /** Monotonic clock; process.hrtime.bigint by default (tests inject one). */
  now?: () => bigint;
}

export interface HistoryRecorder extends Disposable {
  invoke(fields: InvokeFields): PendingOperation;
  /** A whole operation measured elsewhere (a browser, k6): gets the next id. Record in invoke order. */
  record(fields: InvokeFields & { invokeNs: string; completeNs: string } & (ResponseFields | ErrorFields)): Operation;
  /** Completed operations of this cell, by id, with compact bodies. */
  operations(): Operation[];
  pendingCount(): number;
  /** Records every operation still pending as info (`not-completed`); later completions throw. */
  close(): void;
}

export function createHistoryRecorder(options: HistoryRecorderOptions): HistoryRecorder {
  const now = options.now ?? process.hrtime.bigint;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const completed: Operation[] = [];
  const pending = new Map<number, (result: ErrorFields) => Operation>();
  let nextId = 1;
  let closed = false;

  const finish = (base: Omit<Operation, 'completeNs' | 'outcome' | 'status' | 'body' | 'arrivalNs' | 'error'>, completeNs: string, result: ResponseFields | ErrorFields): Operation => {
    const response = 'status' in result ? result : null;
    const captured = captureBody(response?.body, maxBodyBytes);
    const full: Operation = {
      ...base,
      completeNs,
      arrivalNs: response?.arrivalNs ?? null,
      outcome: classifyOutcome(result),
      status: response?.status ?? null,
      body: captured.stored,
      error: 'error' in result ? result.error : null,
    };
    options.sink?.write(`${JSON.stringify(full)}\n`);
    const compact = { ...full, body: captured.compact };
    completed.push(compact);
    return compact;
  };

  const baseOf = (id: number, invokeNs: string, f: InvokeFields) => ({
    id,
    scenario: options.scenario,
    ...(options.cell === undefined ? {} : { cell: options.cell }),
    ...(options.attempt === undefined ? {} : { attempt: options.attempt }),
    businessId: f.businessId,
    instance: f.instance ?? 0,
    client: f.client,
    method: f.method,
    path: f.path,
    key: f.key ?? null,
    burst: f.burst ?? null,
    invokeNs,
    fault: f.fault ?? null,
  });

  const assertOpen = () => {
    if (closed) throw new HistoryError('HISTORY_CLOSED', `the history of ${options.cell ?? options.scenario} is closed: no operation can be invoked or recorded`);
  };

  return {
    invoke(fields) {
      assertOpen();
      const id = nextId++;
      const invokeNs = now().toString();
      const base = baseOf(id, invokeNs, fields);
      const settle = (result: ResponseFields | ErrorFields, expect?: 'ok' | 'fail' | 'info', times?: { invokeNs: string; completeNs: string }): Operation => {
        if (!pending.has(id)) throw new HistoryError('HISTORY_ALREADY_COMPLETED', `operation ${id} (${fields.method} ${fields.path}) was already completed`);
        const outcome = classifyOutcome(result);
        if (expect !== undefined && outcome !== expect) {
          throw new HistoryError('HISTORY_OUTCOME_MISMATCH', `operation ${id} was marked ${expect} but its result is ${outcome}: ${JSON.stringify('status' in result ? result.status : result.error)}`);
        }
        pending.delete(id);
        return finish(times ? { ...base, invokeNs: times.invokeNs } : base, times?.completeNs ?? now().toString(), result);
      };
      pending.set(id, (result) => settle(result));
      return {
        id,
        invokeNs,
        exchanged: (facts) => settle(
          facts.status !== null
            ? { status: facts.status, body: facts.body, arrivalNs: facts.arrivalNs === null ? null : String(facts.arrivalNs) }
            : { error: facts.error ?? 'unknown' },
          undefined,
          { invokeNs: String(facts.sendNs > 0n ? facts.sendNs : facts.invokeNs), completeNs: String(facts.completeNs) },
        ),
        complete: (result) => settle(result),
        ok: (response) => settle(response, 'ok'),
        fail: (result) => settle(result, 'fail'),
        info: (error) => settle({ error, sent: true }, 'info'),
      };
    },
    record(fields) {
      assertOpen();
      return finish(baseOf(nextId++, fields.invokeNs, fields), fields.completeNs, fields);
    },
    operations: () => [...completed].sort((a, b) => a.id - b.id),
    pendingCount: () => pending.size,
    close() {
      if (closed) return;
      for (const settleAsUnknown of [...pending.values()]) settleAsUnknown({ error: 'not-completed', sent: true });
      closed = true;
    },
    [Symbol.dispose]() {
      this.close();
    },
  };
}
