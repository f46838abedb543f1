// One HTTP/1.1 exchange over a raw TCP socket for the target app's fuzzing and malformed-request
// tests: the bytes go out exactly as given (broken escapes, bad header characters, lying
// framing), which fetch and node:http refuse to send. The answer is read until the server
// closes (the request says Connection: close).
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export class RawHttpError extends Error {
  constructor(message: string, readonly received: string) {
    super(`${message}; received ${JSON.stringify(received.slice(0, 300))}`);
  }
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Parses the final response, skipping interim 1xx ones (e.g. 100 Continue). */
export function parseRawResponse(raw: Buffer, head: boolean): RawResponse {
  let rest = raw;
  for (let guard = 0; guard < 10; guard++) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) throw new RawHttpError('no complete response head', rest.toString('latin1'));
    const [statusLine, ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
    if (!status) throw new RawHttpError('no status line', rest.toString('latin1'));
    rest = rest.subarray(end + 4);
    if (status < 200) continue;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (head || status === 204 || status === 304) return { status, headers, body: '' };
    const chunked = /chunked/i.test(headers['transfer-encoding'] ?? '');
    const length = headers['content-length'] === undefined ? rest.length : Number(headers['content-length']);
    const body = chunked ? dechunk(rest) : rest.subarray(0, length);
    return { status, headers, body: body.toString('utf8') };
  }
  throw new RawHttpError('only interim responses', raw.toString('latin1'));
}

/** Sends `request` to 127.0.0.1:`port`; resolves with the parsed answer, rejects without one or after `timeoutMs`. */
export function exchangeRaw(port: number, request: Buffer, { head = false, timeoutMs = 10_000 } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new RawHttpError(`no close within ${timeoutMs} ms`, Buffer.concat(chunks).toString('latin1')));
    }, timeoutMs);
    let failure: Error | undefined;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server may answer and close before reading a body it refused: a reset after a complete
    // answer is that, not a failure.
    socket.on('error', (error) => (failure = error));
    socket.once('close', () => {
      clearTimeout(timer);
      const received = Buffer.concat(chunks);
      try {
        resolve(parseRawResponse(received, head));
      } catch (parseError) {
        reject(failure ? new RawHttpError(`connection failed (${failure.message})`, received.toString('latin1')) : parseError);
      }
    });
    // No half-close (socket.end): Node's server aborts a request whose client sent FIN before
    // the answer, which would hide the answer this is here to check.
    socket.write(request);
  });
}
