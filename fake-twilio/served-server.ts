// The served adapter: a plain node:http server over the core (no express, no msw middleware, so
// it is fast and can do socket-level faults). It owns the sockets: `drop` destroys one before any
// byte, `hold` keeps the response until the core lets it go, and close() destroys whatever is held.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { CoreRequest, CoreResponse } from './core-types.ts';
import { createFakeTwilioCore, MAX_HEADER_BYTES, type FakeTwilioCore, type FakeTwilioCoreOptions } from './fake-twilio-core.ts';
import { answerUnparsable, expectationFailed } from './http-refusals.ts';

export interface FakeTwilioServerOptions extends FakeTwilioCoreOptions {
  /** Default 0: the OS chooses. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface FakeTwilioServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: the base URL to point the SDK at (TWILIO_API_BASE). */
  url: string;
  port: number;
  accountSid: string;
  authToken: string;
  core: FakeTwilioCore;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  readonly code = 'FAKE_TWILIO_PORT_IN_USE';
  constructor(readonly port: number, readonly host: string) {
    super(`port ${port} on ${host} is already in use: stop what listens there, or pass another --port (0 lets the OS choose)`);
  }
}

export async function createFakeTwilioServer(options: FakeTwilioServerOptions = {}): Promise<FakeTwilioServer> {
  const core = createFakeTwilioCore(options);
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  // requireHostHeader off: Node's own answer to a missing Host is a bare 400 without the envelope;
  // Twilio's routes do not need one, and the admin guard refuses it with a clear 403.
  const server = createServer({ keepAliveTimeout: 5_000, maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false }, (req, res) => {
    void serve(core, req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => answerUnparsable(err, socket));
  // An Expect other than 100-continue: Node's default is a bare 417; answer it in the envelope.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    void deliver(expectationFailed(req), res);
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(options.port ?? 0, host) : err);
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  core.adminSite = { port, inProcessOrigin: null };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      // Hung and paused responses must not keep close() waiting: end the holds, destroy the sockets.
      core.dispose();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }));
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    accountSid: core.credentials.accountSid,
    authToken: core.credentials.authToken,
    core,
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function serve(core: FakeTwilioCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const abort = new AbortController();
  // 'close' on the response before it finished = the client went away (or the socket was destroyed).
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const body = await readBody(req, core.maxBodyBytes);
  // Split by hand rather than `new URL()`: this is the hot path of the purchase benchmark.
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const request: CoreRequest = {
    method: req.method ?? 'GET',
    path: q === -1 ? target : target.slice(0, q),
    query: new URLSearchParams(q === -1 ? '' : target.slice(q + 1)),
    headers: req.headers as Record<string, string | undefined>,
    body,
    signal: abort.signal,
  };
  const response = await core.handle(request);
  await deliver(response, res);
}

async function deliver(response: CoreResponse, res: ServerResponse): Promise<void> {
  const d = response.disposition;
  if (d.kind === 'drop') {
    res.socket?.destroy();
    return;
  }
  if (d.kind === 'hold') await d.until;
  if (res.destroyed || res.socket?.destroyed !== false) return;
  const payload = response.body === null ? '' : JSON.stringify(response.body);
  res.writeHead(response.status, {
    ...response.headers,
    ...(payload ? { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) } : { 'content-length': 0 }),
  });
  res.end(payload);
}

/** The body as text, or null when it exceeds the limit (the rest is drained, not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
    req.on('aborted', () => resolve(null));
  });
}
