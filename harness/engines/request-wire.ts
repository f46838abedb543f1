// Turns an EngineRequest into HTTP/1.1 bytes for the raw-socket sender, and validates requests
// for every sender: a header with CR/LF would let one request smuggle a second one.
import type { EngineRequest } from './engine-types.ts';

export class EngineRequestError extends Error {
  readonly code = 'ENGINE_INVALID_REQUEST';
  constructor(message: string, readonly hint = 'build requests with an absolute http(s) URL and plain header values') {
    super(message);
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Set by the sender itself: a caller's copy would contradict the framing actually sent.
const FRAMING = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

export function requestUrl(request: EngineRequest): URL {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new EngineRequestError(`not an absolute URL: ${JSON.stringify(request.url)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EngineRequestError(`unsupported protocol ${url.protocol} in ${request.url}`);
  }
  return url;
}

export function validateRequest(request: EngineRequest): URL {
  const url = requestUrl(request);
  if (request.method !== 'GET' && request.method !== 'POST') throw new EngineRequestError(`unsupported method ${String(request.method)}`);
  for (const [name, value] of Object.entries(request.headers)) {
    if (!TOKEN.test(name)) throw new EngineRequestError(`bad header name ${JSON.stringify(name)}`);
    if (/[\r\n\0]/.test(value)) throw new EngineRequestError(`header ${name} has a line break or NUL`);
  }
  return url;
}

/** Headers the sender may pass on (framing headers are its own). */
export function passableHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!FRAMING.has(name.toLowerCase())) out[name] = value;
  return out;
}

/**
 * The whole request as bytes. One request per connection, so `Connection: close` lets both
 * sides tear down as soon as the response is complete.
 */
export function requestBytes(request: EngineRequest, url: URL): Buffer {
  const body = request.body === undefined ? null : Buffer.from(request.body, 'utf8');
  let head = `${request.method} ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n`;
  for (const [name, value] of Object.entries(passableHeaders(request.headers))) head += `${name}: ${value}\r\n`;
  if (body !== null || request.method === 'POST') head += `Content-Length: ${body?.length ?? 0}\r\n`;
  head += 'Connection: close\r\n\r\n';
  const headBytes = Buffer.from(head, 'latin1');
  return body === null ? headBytes : Buffer.concat([headBytes, body]);
}

/** Last-byte sync needs a plain-text connection (the bytes are ours to split, not TLS records). */
export function canSplit(url: URL): boolean {
  return url.protocol === 'http:';
}
