// A request's arrival at the target as a step the scheduler holds: the whole request is written on
// its own connection except its final byte, so the target has read nearly all of it and can do
// nothing with it (its parser waits for the end of the body, or of the head), and releasing the step
// writes that byte. Built on node:net here rather than in harness/engines (the burst engine's
// last-byte sync sends all final bytes at once; the explorer releases them one at a time, in the
// schedule's order). One request per connection (`Connection: close`), so the answer ends at the
// end of the connection; its head and a chunked body are decoded here.
import { connect, type Socket } from 'node:net';

export interface ArrivalRequest {
  /** http:// URL of the target (loopback). */
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface ArrivalResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ArrivalState = 'held' | 'released' | 'answered' | 'failed';

export class HeldArrivalError extends Error {
  readonly code = 'E_EXPLORE_ARRIVAL';
}

export interface HeldArrival extends AsyncDisposable {
  readonly state: ArrivalState;
  /** Writes the final byte: the target now has the whole request. Once only. */
  release(): void;
  /** The target's answer (rejects if the connection fails or the answer is not HTTP/1.1). */
  readonly response: Promise<ArrivalResponse>;
}

/** Connects, writes all but the final byte, and resolves once those bytes are written: the arrival is held. */
export async function holdArrival(request: ArrivalRequest): Promise<HeldArrival> {
  const url = new URL(request.url);
  if (url.protocol !== 'http:') throw new HeldArrivalError(`held arrivals speak plain HTTP/1.1 only, not ${url.protocol} (${request.url})`);
  const bytes = requestBytes(request, url);
  const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) });
  socket.setNoDelay(true);
  let state: ArrivalState = 'held';
  const chunks: Buffer[] = [];
  const response = new Promise<ArrivalResponse>((resolve, reject) => {
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (err) => {
      state = 'failed';
      reject(new HeldArrivalError(`${request.method} ${request.url}: ${err.message}`));
    });
    socket.on('end', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
        state = 'answered';
      } catch (err) {
        state = 'failed';
        reject(err);
      }
    });
  });
  response.catch(() => undefined); // observed by the caller through `response`; never an unhandled rejection
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => socket.write(bytes.subarray(0, bytes.length - 1), (err) => (err ? reject(err) : resolve())));
    socket.once('error', reject);
  });
  return {
    get state() {
      return state;
    },
    release() {
      if (state !== 'held') throw new HeldArrivalError(`${request.method} ${request.url}: the arrival is ${state}, not held`);
      state = 'released';
      socket.write(bytes.subarray(bytes.length - 1));
    },
    response,
    async [Symbol.asyncDispose]() {
      destroy(socket);
    },
  };
}

function destroy(socket: Socket): void {
  if (!socket.destroyed) socket.destroy();
}

function requestBytes(request: ArrivalRequest, url: URL): Buffer {
  const body = Buffer.from(request.body ?? '', 'utf8');
  const headers: Record<string, string> = { host: url.host, connection: 'close', ...lowerCase(request.headers ?? {}) };
  if (body.length > 0 || !['GET', 'HEAD'].includes(request.method.toUpperCase())) headers['content-length'] = String(body.length);
  const head = [`${request.method.toUpperCase()} ${url.pathname}${url.search} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]);
}

function lowerCase(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

/** One HTTP/1.1 answer read to the end of the connection: status line, headers, body (Content-Length, chunked, or to the end). */
export function parseResponse(raw: Buffer): ArrivalResponse {
  const headEnd = raw.indexOf('\r\n\r\n');
  const bad = (why: string) => new HeldArrivalError(`the target's answer is not HTTP/1.1: ${why}`);
  if (headEnd === -1) throw bad(raw.length === 0 ? 'the connection closed without an answer' : 'no end of head');
  const [statusLine, ...lines] = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (!m) throw bad(`status line ${JSON.stringify(statusLine?.slice(0, 80))}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw bad(`header line ${JSON.stringify(line.slice(0, 80))}`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(headEnd + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body, bad);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status: Number(m[1]), headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer, bad: (why: string) => Error): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) throw bad('a chunked body cut short');
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size)) throw bad('a chunk size that is not hex');
    if (size === 0) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
