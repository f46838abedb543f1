import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { PgProxyControlError } from './control-error.ts';
import { MAX_EVENT_WAIT_MS } from './proxy-event-log.ts';
import type { StepBoard } from './step-board.ts';

// The proxy's control API: JSON over HTTP on 127.0.0.1 only. It has no authentication, so it
// refuses any request whose Host is not a loopback name of this port and any browser request
// from another origin: a web page the developer has open must not be able to drive it (DNS
// rebinding, cross-site requests).
//
// GET  /health                     → { ok: true }
// GET  /state                      → { mode, connections, steps }   (steps not yet answered)
// GET  /events?after=<seq>&wait=<ms> → { events, last, missed }      (long-poll)
// PUT  /mode      { mode: 'pass' | 'hold' } → { mode, released }
// POST /release   { steps: [id, …] }        → { released }           (in that order)
// POST /release-together { steps: [id, …] } → { released }           (overlapping in the database)

const modeBody = z.strictObject({ mode: z.enum(['pass', 'hold']) });
const releaseBody = z.strictObject({ steps: z.array(z.number().int().positive()).min(1).max(1_000) });
const MAX_BODY_BYTES = 64 * 1024;
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface ControlServer extends AsyncDisposable {
  url: string;
}

export async function startControlServer(board: StepBoard, port = 0): Promise<ControlServer> {
  const server: Server = createServer((req, res) => {
    void handle(board, server, req, res).catch((error: unknown) => {
      const known = error instanceof PgProxyControlError ? error : new PgProxyControlError(500, 'E_PG_PROXY_INTERNAL', (error as Error).message, 'see the proxy log; this is a bug of the proxy');
      send(res, known.status, known.toJSON());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async [Symbol.asyncDispose]() {
      board.log.wakeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(board: StepBoard, server: Server, req: IncomingMessage, res: ServerResponse): Promise<void> {
  checkCaller(req, (server.address() as AddressInfo).port);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const route = `${req.method} ${url.pathname.replace(/\/$/, '') || '/'}`;
  switch (route) {
    case 'GET /health':
      return send(res, 200, { ok: true, mode: board.mode });
    case 'GET /state':
      return send(res, 200, board.snapshot());
    case 'GET /events': {
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      const after = intQuery(url, 'after', 0);
      const wait = Math.min(intQuery(url, 'wait', 0), MAX_EVENT_WAIT_MS);
      return send(res, 200, await board.log.wait(after, wait, abort.signal));
    }
    case 'PUT /mode': {
      const { mode } = parse(modeBody, await jsonBody(req), 'mode body');
      return send(res, 200, { mode, released: board.setMode(mode) });
    }
    case 'POST /release': {
      const { steps } = parse(releaseBody, await jsonBody(req), 'release body');
      return send(res, 200, { released: board.release(steps) });
    }
    case 'POST /release-together': {
      const { steps } = parse(releaseBody, await jsonBody(req), 'release-together body');
      return send(res, 200, { released: board.releaseTogether(steps) });
    }
    default:
      if (['/health', '/state', '/events', '/mode', '/release', '/release-together'].includes(url.pathname)) {
        throw new PgProxyControlError(405, 'E_PG_PROXY_METHOD', `${req.method} is not allowed on ${url.pathname}`, 'see the route list in harness/explore/README.md');
      }
      throw new PgProxyControlError(404, 'E_PG_PROXY_ROUTE', `no route ${req.method} ${url.pathname}`, 'see the route list in harness/explore/README.md');
  }
}

function checkCaller(req: IncomingMessage, port: number): void {
  const allowed = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
  const host = req.headers.host ?? '';
  if (!allowed.includes(host)) {
    throw new PgProxyControlError(403, 'E_PG_PROXY_HOST', `Host ${JSON.stringify(host)} is not this proxy's loopback address`, `call http://127.0.0.1:${port}`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowed.some((a) => origin === `http://${a}`)) {
    throw new PgProxyControlError(403, 'E_PG_PROXY_ORIGIN', `Origin ${JSON.stringify(origin)} may not use the control API`, 'call it from the harness, not from a web page');
  }
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new PgProxyControlError(415, 'E_PG_PROXY_CONTENT_TYPE', `Content-Type ${JSON.stringify(type)} is not supported`, 'send application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new PgProxyControlError(413, 'E_PG_PROXY_BODY_SIZE', `body over ${MAX_BODY_BYTES} bytes`, 'send a smaller body');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PgProxyControlError(400, 'E_PG_PROXY_JSON', `body is not valid JSON: ${JSON.stringify(text.slice(0, 80))}`, 'send a JSON object');
  }
}

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new PgProxyControlError(400, 'E_PG_PROXY_BAD_BODY', `invalid ${what}: ${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`, 'see the route list in harness/explore/README.md');
}

function intQuery(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,12}$/.test(raw)) throw new PgProxyControlError(400, 'E_PG_PROXY_BAD_QUERY', `${name} must be a non-negative integer, got ${JSON.stringify(raw)}`, `pass ?${name}=<integer>`);
  return Number(raw);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
