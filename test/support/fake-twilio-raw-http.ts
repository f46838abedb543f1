// One HTTP/1.1 exchange written byte for byte on a fresh socket: what a fuzzer needs, since
// node:http and fetch refuse to send the malformed paths, headers and methods it wants to try.
// The request says `connection: close`, so the answer is everything until the server closes.
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** Sent as is: raw and broken percent-escapes included. */
  target: string;
  /** Sent as is and in order; no Host is added. */
  headers: [string, string][];
  body: Buffer;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Resolves with the answer, or rejects when the server closed without one or took longer than `timeoutMs`. */
export function rawExchange(port: number, req: RawRequest, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    // A reset after the answer arrived (the server closing on unread body bytes) is not a failure.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const parsed = parseAnswer(text, req.method);
      if (parsed) resolve(parsed);
      else reject(new Error(`the connection closed without an HTTP answer (got ${JSON.stringify(text.slice(0, 120))})`));
    });
    const head = [`${req.method} ${req.target} HTTP/1.1`, ...req.headers.map(([k, v]) => `${k}: ${v}`), 'connection: close', `content-length: ${req.body.length}`, '', ''].join('\r\n');
    socket.end(Buffer.concat([Buffer.from(head, 'latin1'), req.body]));
  });
}

function parseAnswer(text: string, method: string): RawAnswer | null {
  // Interim answers (100 Continue to an Expect: 100-continue) come before the real one: skip them.
  while (/^HTTP\/1\.[01] 1\d\d /.test(text) && text.includes('\r\n\r\n')) text = text.slice(text.indexOf('\r\n\r\n') + 4);
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (!m) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(end + 4);
  if (method === 'HEAD') body = '';
  else if (headers['content-length'] !== undefined) body = body.slice(0, Number(headers['content-length']));
  return { status: Number(m[1]), headers, body: Buffer.from(body, 'latin1').toString('utf8') };
}
