// One request on a keep-alive undici pool (settle step, reads). undici sends a request that
// was already written at most once — a reset fails it, it is never replayed — and we add no
// retry interceptor, so a POST cannot buy a second number.
import type { Dispatcher } from 'undici';
import type { EngineRequest, EngineResponse, SendOptions } from './engine-types.ts';
import { ExchangeSettler } from './exchange-settler.ts';
import { createRecordingHandler } from './recording-handler.ts';
import { passableHeaders } from './request-wire.ts';

export function sendPooled(dispatcher: Dispatcher, request: EngineRequest, url: URL, opts: SendOptions & { timeoutMs: number }): Promise<EngineResponse> {
  const abortable: { abort?: (err: Error) => void } = {};
  const settler = new ExchangeSettler(opts, (reason) => abortable.abort?.(new Error(reason)));
  dispatcher.dispatch(
    {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: passableHeaders(request.headers),
      body: request.body ?? (request.method === 'POST' ? '' : null),
    },
    createRecordingHandler(settler, abortable),
  );
  return settler.done;
}
