// Warm sending: the connection is opened (and TLS negotiated) before the rendezvous, then an
// undici Client writes the whole request on it. The Client's connector hands over that one
// socket once and refuses any other, so a request can never be sent twice on a new connection.
import net from 'node:net';
import tls from 'node:tls';
import { Client } from 'undici';
import type { Dispatcher } from 'undici';
import type { EngineRequest, SendOptions } from './engine-types.ts';
import { errorName } from './engine-response.ts';
import { ExchangeSettler } from './exchange-settler.ts';
import type { PreparedExchange } from './prepared-exchange.ts';
import { createRecordingHandler } from './recording-handler.ts';
import { passableHeaders } from './request-wire.ts';

export function prepareWarmExchange(request: EngineRequest, url: URL, opts: SendOptions & { timeoutMs: number }): PreparedExchange {
  let client: Client | undefined;
  let socket: net.Socket | undefined;
  const settler = new ExchangeSettler(opts, () => {
    socket?.destroy();
    void client?.destroy().catch(() => {});
  });
  let markReady: (ready: boolean) => void = () => {};
  const ready = new Promise<boolean>((resolve) => (markReady = resolve));
  void settler.done.then(() => {
    markReady(false);
    socket?.destroy();
    void client?.destroy().catch(() => {});
  });

  const host = url.hostname.replace(/^\[|\]$/g, '');
  const secure = url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  socket = secure
    ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'] })
    : net.connect({ host, port });
  socket.setNoDelay(true);
  socket.once(secure ? 'secureConnect' : 'connect', () => markReady(!settler.settled));
  // Until undici owns the socket, its failures are ours to report.
  const early = (err: Error): void => settler.fail(errorName(err));
  const closedEarly = (): void => settler.fail('ECONNRESET');
  socket.on('error', early);
  socket.once('close', closedEarly);

  let handedOver = false;
  client = new Client(url.origin, {
    pipelining: 1,
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: (_options, callback) => {
      if (handedOver || !socket) {
        callback(new Error('the pre-opened connection was already used; not sending again'), null);
        return;
      }
      handedOver = true;
      const handed = socket;
      handed.off('error', early);
      handed.off('close', closedEarly);
      // undici ignores a connector that answers synchronously (its resume loop is re-entered
      // and returns early), so the handover waits one microtask: still in this tick.
      queueMicrotask(() => callback(null, handed));
    },
  });

  return {
    ready,
    done: settler.done,
    release() {
      if (settler.settled || !client) return;
      const dispatch: Dispatcher.DispatchOptions = {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: passableHeaders(request.headers),
        body: request.body ?? (request.method === 'POST' ? '' : null),
        reset: true,
      };
      client.dispatch(dispatch, createRecordingHandler(settler));
    },
  };
}
