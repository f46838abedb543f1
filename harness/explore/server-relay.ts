import type { Socket } from 'node:net';
import { WireFrameReader, type WireMessage } from './wire-frames.ts';

// Server bytes on their way to the client. Usually a chunk is forwarded as it came (the fast
// path: no copy, one write) and only read on the side; while the proxy has statements of its
// own in flight on the connection (a co-release's BEGIN and COMMIT) each message is forwarded,
// swallowed or replaced one by one. The two must never send a byte twice or lose one: the raw
// path is taken only when every byte of a partly received message has already gone out that way.

/** What to forward for a server message: its bytes, other bytes, or null to swallow it. */
export type ServerFilter = (message: WireMessage) => Buffer | null;

export class ServerRelay {
  private readonly frames = new WireFrameReader({ startup: false });
  /** Bytes of the partly received message that were already forwarded raw. */
  private sentOfPending = 0;

  constructor(private readonly client: Socket, private readonly onBackpressure: () => void) {}

  relay(chunk: Buffer, filter: ServerFilter | null, observe: (message: WireMessage) => void): void {
    if (filter === null && this.sentOfPending === this.frames.pendingBytes) {
      this.write(chunk);
      for (const message of this.frames.push(chunk)) observe(message);
      this.sentOfPending = this.frames.pendingBytes;
      return;
    }
    let skip = this.sentOfPending;
    this.sentOfPending = 0;
    this.client.cork();
    try {
      for (const message of this.frames.push(chunk)) {
        observe(message);
        const out = filter ? filter(message) : message.bytes;
        if (out) this.write(skip > 0 && out === message.bytes ? out.subarray(skip) : out);
        skip = 0;
      }
    } finally {
      this.client.uncork();
    }
  }

  private write(bytes: Buffer): void {
    if (!this.client.write(bytes)) this.onBackpressure();
  }
}

/** A ReadyForQuery saying `status`. */
export function readyForQuery(status: 'I' | 'T' | 'E'): Buffer {
  const bytes = Buffer.from([0x5a, 0, 0, 0, 5, 0]);
  bytes.write(status, 5, 'latin1');
  return bytes;
}
