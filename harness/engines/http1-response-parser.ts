// A small incremental HTTP/1.1 response parser for the last-byte sender, which writes its
// requests on raw sockets and so cannot use undici's or node:http's parser (both are internal to
// their clients). Looked at: undici's llhttp (internal, not a public API), node's HTTPParser
// binding (deprecated internal), http-parser-js (monkey-patches node internals). What a target
// answers is small and simple, so this covers exactly: a status line, headers, and a body
// delimited by Content-Length, chunked encoding, or the end of the connection; 1xx responses
// are skipped. Anything malformed is an error, never a guess.

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 64 * 1024;

export class ResponseParseError extends Error {
  readonly code = 'HPE_INVALID_RESPONSE';
}

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done';

export interface ParsedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body, cut at the parser's cap. */
  body: Buffer;
}

export class Http1ResponseParser {
  #state: State = 'head';
  #pending: Buffer = Buffer.alloc(0);
  #remaining = 0;
  #status = 0;
  #headers: Record<string, string> = {};
  #body: Buffer[] = [];
  #bodyBytes = 0;
  readonly #bodyCap: number;
  readonly #requestMethod: string;

  constructor(opts: { bodyCap: number; requestMethod: string }) {
    this.#bodyCap = opts.bodyCap;
    this.#requestMethod = opts.requestMethod.toUpperCase();
  }

  get complete(): boolean {
    return this.#state === 'done';
  }

  /** Whether any byte of a response head has been seen (a reset before that lost nothing readable). */
  get started(): boolean {
    return this.#status !== 0 || this.#pending.length > 0;
  }

  /** Feeds bytes; returns true once the response is complete. Bytes after the response are ignored. */
  push(chunk: Buffer): boolean {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    while (this.#state !== 'done' && this.#step()) {
      // each step consumes what it can; loop until it needs more bytes
    }
    return this.#state === 'done';
  }

  /** The connection ended; returns true when that completes a close-delimited body. */
  end(): boolean {
    if (this.#state === 'until-close') this.#state = 'done';
    return this.#state === 'done';
  }

  result(): ParsedResponse {
    if (this.#state !== 'done') throw new ResponseParseError('response is not complete');
    return { status: this.#status, headers: this.#headers, body: Buffer.concat(this.#body) };
  }

  /** Body bytes of a Content-Length body or of one chunk; `next` once `#remaining` reaches 0. */
  #takeBody(next: 'done' | 'chunk-end'): boolean {
    if (this.#pending.length === 0) return false;
    const take = Math.min(this.#remaining, this.#pending.length);
    this.#keep(this.#pending.subarray(0, take));
    this.#pending = this.#pending.subarray(take);
    this.#remaining -= take;
    if (this.#remaining === 0) this.#state = next;
    return true;
  }

  #step(): boolean {
    switch (this.#state) {
      case 'head': return this.#parseHead();
      case 'length':
        return this.#takeBody('done');
      case 'chunk-size': {
        const line = this.#takeLine();
        if (line === null) return false;
        const size = line.split(';', 1)[0]!.trim();
        if (!/^[0-9a-fA-F]{1,8}$/.test(size)) throw new ResponseParseError(`bad chunk size ${JSON.stringify(line)}`);
        this.#remaining = Number.parseInt(size, 16);
        this.#state = this.#remaining === 0 ? 'trailers' : 'chunk-data';
        return true;
      }
      case 'chunk-data':
        return this.#takeBody('chunk-end');
      case 'chunk-end': {
        const line = this.#takeLine();
        if (line === null) return false;
        if (line !== '') throw new ResponseParseError('chunk data longer than its size');
        this.#state = 'chunk-size';
        return true;
      }
      case 'trailers': {
        const line = this.#takeLine();
        if (line === null) return false;
        if (line === '') this.#state = 'done';
        return true;
      }
      case 'until-close': {
        this.#keep(this.#pending);
        this.#pending = Buffer.alloc(0);
        return false;
      }
      case 'done': return false;
    }
  }

  #parseHead(): boolean {
    const end = this.#pending.indexOf(HEAD_END);
    if (end === -1) {
      if (this.#pending.length > MAX_HEAD_BYTES) throw new ResponseParseError('response head too large');
      return false;
    }
    const lines = this.#pending.subarray(0, end).toString('latin1').split('\r\n');
    this.#pending = this.#pending.subarray(end + HEAD_END.length);
    const statusLine = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0]!);
    if (!statusLine) throw new ResponseParseError(`bad status line ${JSON.stringify(lines[0])}`);
    const status = Number(statusLine[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new ResponseParseError(`bad header line ${JSON.stringify(line)}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    // 1xx (e.g. 103 Early Hints) precede the real response: drop them and read the next head.
    if (status >= 100 && status < 200 && status !== 101) return true;
    this.#status = status;
    this.#headers = headers;
    this.#state = this.#bodyState(status, headers);
    return true;
  }

  #bodyState(status: number, headers: Record<string, string>): State {
    if (this.#requestMethod === 'HEAD' || status === 204 || status === 304 || status === 101) return 'done';
    const encoding = headers['transfer-encoding'];
    if (encoding !== undefined) {
      if (/(^|,)\s*chunked\s*$/i.test(encoding)) return 'chunk-size';
      return 'until-close';
    }
    const length = headers['content-length'];
    if (length !== undefined) {
      if (!/^\d+$/.test(length)) throw new ResponseParseError(`bad content-length ${JSON.stringify(length)}`);
      this.#remaining = Number(length);
      return this.#remaining === 0 ? 'done' : 'length';
    }
    return 'until-close';
  }

  #takeLine(): string | null {
    const at = this.#pending.indexOf(CRLF);
    if (at === -1) {
      if (this.#pending.length > MAX_HEAD_BYTES) throw new ResponseParseError('line too long');
      return null;
    }
    const line = this.#pending.subarray(0, at).toString('latin1');
    this.#pending = this.#pending.subarray(at + CRLF.length);
    return line;
  }

  #keep(bytes: Buffer): void {
    const room = this.#bodyCap - this.#bodyBytes;
    if (room <= 0 || bytes.length === 0) return;
    const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
    // copy: the socket's buffer may be large and must not be pinned by a small slice
    this.#body.push(Buffer.from(kept));
    this.#bodyBytes += kept.length;
  }
}
