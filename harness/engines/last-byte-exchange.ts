// Last-byte synchronisation: the request goes out on a raw socket except its final byte, which
// the burst writes for every request together. The target has then parsed nearly everything
// already, so requests complete at the target within one loop of small writes of each other —
// the technique behind the "single-packet attack" of web security testing.
import net from 'node:net';
import type { EngineRequest, SendOptions } from './engine-types.ts';
import { RESPONSE_BODY_CAP_BYTES } from './engine-types.ts';
import { errorName } from './engine-response.ts';
import { ExchangeSettler } from './exchange-settler.ts';
import { Http1ResponseParser, ResponseParseError } from './http1-response-parser.ts';
import type { PreparedExchange } from './prepared-exchange.ts';
import { requestBytes } from './request-wire.ts';

export function prepareLastByteExchange(request: EngineRequest, url: URL, opts: SendOptions & { timeoutMs: number }): PreparedExchange {
  const bytes = requestBytes(request, url);
  const prefix = bytes.subarray(0, bytes.length - 1);
  const finalByte = bytes.subarray(bytes.length - 1);
  const parser = new Http1ResponseParser({ bodyCap: RESPONSE_BODY_CAP_BYTES, requestMethod: request.method });
  let socket: net.Socket | undefined;
  const settler = new ExchangeSettler(opts, () => socket?.destroy());
  let markReady: (ready: boolean) => void = () => {};
  const ready = new Promise<boolean>((resolve) => (markReady = resolve));
  void settler.done.then(() => {
    markReady(false);
    socket?.destroy();
  });

  const finish = (): void => {
    const parsed = parser.result();
    settler.answer(parsed.status, parsed.headers, parsed.body);
  };

  socket = net.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80), noDelay: true });
  socket.on('connect', () => {
    // noDelay matters: with Nagle a one-byte write waits for the previous segment's ACK.
    socket!.write(prefix, (err) => markReady(!err && !settler.settled));
  });
  socket.on('data', (chunk: Buffer) => {
    try {
      if (parser.push(chunk)) finish();
    } catch (err) {
      settler.fail(err instanceof ResponseParseError ? err.code : errorName(err));
    }
  });
  socket.on('end', () => {
    if (parser.end()) finish();
    else settler.fail('ECONNRESET');
  });
  socket.on('error', (err) => settler.fail(errorName(err)));
  socket.on('close', () => settler.fail('ECONNRESET'));

  return {
    ready,
    done: settler.done,
    release() {
      if (settler.settled || !socket) return;
      socket.write(finalByte);
      settler.markSent();
    },
  };
}
