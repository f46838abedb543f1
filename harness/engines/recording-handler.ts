// An undici dispatch handler that feeds an ExchangeSettler: it learns when the request was
// written (onRequestSent, which the promise APIs do not expose) and keeps a capped body.
import type { Dispatcher } from 'undici';
import { CappedBody, errorName } from './engine-response.ts';
import type { ExchangeSettler } from './exchange-settler.ts';

export function headersFromRaw(raw: Buffer[] | string[] | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!raw) return headers;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString().toLowerCase();
    const value = raw[i + 1]!.toString();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

/** `abortable.abort` is set once undici can abort the request (to cancel it on timeout or abort). */
export function createRecordingHandler(settler: ExchangeSettler, abortable: { abort?: (err: Error) => void } = {}): Dispatcher.DispatchHandler {
  let status = 0;
  let headers: Record<string, string> = {};
  const body = new CappedBody();
  return {
    onConnect(abort: (err?: Error) => void) {
      abortable.abort = abort;
      if (settler.settled) abort(new Error('settled before it was sent'));
    },
    onRequestSent() {
      settler.markSent();
    },
    onHeaders(statusCode: number, rawHeaders: Buffer[]) {
      status = statusCode;
      headers = headersFromRaw(rawHeaders);
      return true;
    },
    onData(chunk: Buffer) {
      body.add(chunk);
      return true;
    },
    onComplete() {
      settler.answer(status, headers, body.toBuffer());
    },
    onError(err: Error) {
      settler.fail(errorName(err));
    },
  } as Dispatcher.DispatchHandler;
}
