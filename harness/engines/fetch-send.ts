// The baseline a burst is compared against: what a test written with Promise.all(fetch(...))
// does. Only the bench and method 'fetch' use it. The dispatcher wrapper records when undici
// finished writing each request, which fetch itself never tells.
import { Dispatcher, fetch } from 'undici';
import type { EngineRequest, EngineResponse, SendOptions } from './engine-types.ts';
import { CappedBody, errorName } from './engine-response.ts';
import { ExchangeSettler } from './exchange-settler.ts';
import { passableHeaders } from './request-wire.ts';

class SendTimingDispatcher extends Dispatcher {
  constructor(private readonly inner: Dispatcher, private readonly onSent: () => void) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const onSent = this.onSent;
    const timed = new Proxy(handler, {
      get(target, property, receiver) {
        if (property !== 'onRequestSent') return Reflect.get(target, property, receiver);
        return () => {
          onSent();
          return (target as { onRequestSent?: () => void }).onRequestSent?.call(target);
        };
      },
    });
    return this.inner.dispatch(options, timed);
  }
}

export async function sendWithFetch(dispatcher: Dispatcher, request: EngineRequest, opts: SendOptions & { timeoutMs: number }): Promise<EngineResponse> {
  const controller = new AbortController();
  const settler = new ExchangeSettler(opts, (reason) => controller.abort(new Error(reason)));
  const body = request.body ?? (request.method === 'POST' ? '' : undefined);
  fetch(request.url, {
    method: request.method,
    headers: passableHeaders(request.headers),
    ...(body === undefined ? {} : { body }),
    signal: controller.signal,
    redirect: 'manual',
    dispatcher: new SendTimingDispatcher(dispatcher, () => settler.markSent()),
  }).then(
    async (response) => {
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      // Read to the end (the outcome is known only then) but keep at most the cap.
      const body = new CappedBody();
      if (response.body) for await (const chunk of response.body) body.add(Buffer.from(chunk));
      settler.answer(response.status, headers, body.toBuffer());
    },
    (err: unknown) => settler.fail(errorName(err)),
  ).catch((err: unknown) => settler.fail(errorName(err)));
  return settler.done;
}
