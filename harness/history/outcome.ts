// Jepsen's outcomes for an HTTP request: a response is a known outcome (2xx ok, else fail);
// no response means the server may or may not have acted (info), unless the request provably
// never reached it (the connection was refused), which is a known failure.
import type { OperationOutcome } from '../../model/index.ts';

/** Errors that prove the request was never delivered, so nothing can have happened. */
export const NOT_SENT_ERRORS: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EADDRNOTAVAIL', 'ERR_INVALID_URL']);

export function classifyOutcome(result: { status: number | null } | { error: string; sent?: boolean }): OperationOutcome {
  if ('status' in result && result.status !== null) return result.status >= 200 && result.status < 300 ? 'ok' : 'fail';
  if ('error' in result) {
    const sent = result.sent ?? !NOT_SENT_ERRORS.has(result.error);
    return sent ? 'info' : 'fail';
  }
  return 'info';
}
