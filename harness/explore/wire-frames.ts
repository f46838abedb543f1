// Framing of PostgreSQL protocol v3 by hand: after start-up every message is a type byte and a
// big-endian int32 length that counts itself but not the type byte; the start-up packet (and
// SSLRequest, GSSENCRequest, CancelRequest) has only the length. A TCP read can end anywhere,
// so a reader keeps the tail of a message until the rest arrives.

/** One whole message: `type` is its first byte as a character ('' for a start-up packet). */
export interface WireMessage {
  type: string;
  /** The whole message, header included, exactly as it came over the wire. */
  bytes: Buffer;
}

/** Codes a start-up-phase packet carries instead of a protocol version. */
export const SSL_REQUEST_CODE = 80877103;
export const GSSENC_REQUEST_CODE = 80877104;
export const CANCEL_REQUEST_CODE = 80877102;

/** Upper bound on a start-up packet (PostgreSQL's own MAX_STARTUP_PACKET_LENGTH). */
const MAX_STARTUP_LENGTH = 10_000;
/** Upper bound on any message (PostgreSQL refuses more than 1 GB too). */
const MAX_MESSAGE_LENGTH = 0x3fffffff;

export class WireFramingError extends Error {
  readonly code = 'E_PG_PROXY_FRAMING';
}

export class WireFrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** True until the start-up packet has been read (client side only). */
  private startup: boolean;

  constructor(options: { startup: boolean }) {
    this.startup = options.startup;
  }

  /** The next packet is a start-up-phase packet again (after an SSLRequest answered `N`). */
  expectStartupPacket(): void {
    this.startup = true;
  }

  /** Feeds bytes and returns every message they complete, in order. */
  push(chunk: Buffer): WireMessage[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: WireMessage[] = [];
    for (;;) {
      const headerLength = this.startup ? 4 : 5;
      if (this.buffered < headerLength) break;
      const head = this.peek(headerLength);
      const length = this.startup ? head.readInt32BE(0) : head.readInt32BE(1);
      const limit = this.startup ? MAX_STARTUP_LENGTH : MAX_MESSAGE_LENGTH;
      if (length < 4 || length > limit) {
        throw new WireFramingError(`invalid ${this.startup ? 'start-up packet' : `message '${head.toString('latin1', 0, 1)}'`} length ${length}`);
      }
      const total = this.startup ? length : length + 1;
      if (this.buffered < total) break;
      const bytes = this.take(total);
      out.push({ type: this.startup ? '' : bytes.toString('latin1', 0, 1), bytes });
      // Only the first packet is a start-up packet; the owner re-arms after an `N` answer.
      this.startup = false;
    }
    return out;
  }

  /** Bytes received but not yet part of a whole message. */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length >= n) return this.chunks[0]!;
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!;
  }

  private take(n: number): Buffer {
    const first = this.peek(n);
    const bytes = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return bytes;
  }
}

/** The int32 code of a start-up-phase packet: a protocol version or one of the request codes. */
export function startupCode(packet: Buffer): number {
  return packet.length >= 8 ? packet.readInt32BE(4) : -1;
}

/** Reads a NUL-terminated string starting at `offset`; returns it and the offset after the NUL. */
export function readCString(bytes: Buffer, offset: number): { value: string; next: number } {
  const end = bytes.indexOf(0, offset);
  if (end < 0) throw new WireFramingError('unterminated string in message');
  return { value: bytes.toString('utf8', offset, end), next: end + 1 };
}
