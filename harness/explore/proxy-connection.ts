import { connect, type Socket } from 'node:net';
import { endsStep, isCopyMessage, PreparedNames, summariseBatch } from './client-batch.ts';
import { ResponseTracker } from './response-tracker.ts';
import { backendPid } from './server-messages.ts';
import { ServerRelay } from './server-relay.ts';
import type { StepBoard } from './step-board.ts';
import type { StatementLabels } from './statement-labels.ts';
import { TogetherRun } from './together-run.ts';
import type { Upstream } from './upstream-address.ts';
import { CANCEL_REQUEST_CODE, GSSENC_REQUEST_CODE, SSL_REQUEST_CODE, startupCode, WireFrameReader, type WireMessage } from './wire-frames.ts';

// One client connection through the proxy. Start-up: SSLRequest and GSSENCRequest are answered
// `N` (the proxy speaks plain TCP on loopback), a CancelRequest goes to PostgreSQL on a new
// connection of its own (it carries the backend's pid and secret, which the proxy passed through
// in BackendKeyData), a start-up packet opens the upstream connection and everything until the
// first ReadyForQuery (authentication) flows both ways untouched. Then each client step goes
// through the step board (held or straight through); server bytes are forwarded as they come
// and read only to learn which step they answer — except while a co-released step runs.

export interface ConnectionContext {
  upstream: Upstream;
  board: StepBoard;
  labels: StatementLabels;
  log: (line: string) => void;
}

export function serveClient(client: Socket, context: ConnectionContext): void {
  const { board } = context;
  const clientFrames = new WireFrameReader({ startup: true });
  const names = new PreparedNames();
  let upstream: Socket | undefined;
  let connectionId = 0;
  let pid = 0;
  let seq = 0;
  let batch: WireMessage[] = [];
  let closed = false;
  /** The co-released step running now, and the steps released behind it (sent when it ends). */
  let together: TogetherRun | null = null;
  let behindTogether: (() => void)[] = [];
  const tracker = new ResponseTracker({
    answered: (outcome) => board.answered(outcome.stepId, outcome.transactionStatus),
    failed: (stepId, error) => board.failed(stepId, error),
  });

  const close = (reason: string): void => {
    if (closed) return;
    closed = true;
    if (connectionId !== 0) board.closeConnection(connectionId, reason, tracker.abandon());
    client.end();
    upstream?.end();
    // Whatever was not flushed in a moment is not coming: never leave half-open sockets behind.
    setTimeout(() => {
      client.destroy();
      upstream?.destroy();
    }, 1_000).unref();
  };

  const openUpstream = (): Socket => {
    const socket = connect(context.upstream.port, context.upstream.host);
    socket.setNoDelay(true);
    const relay = new ServerRelay(client, () => {
      socket.pause();
      client.once('drain', () => socket.resume());
    });
    const observe = (message: WireMessage): void => {
      if (connectionId === 0) {
        if (message.type === 'K') pid = backendPid(message);
        if (message.type === 'Z') connectionId = board.openConnection(pid);
      } else if (!together) tracker.observe(message);
    };
    socket.on('data', (chunk: Buffer) => {
      try {
        relay.relay(chunk, together ? (m) => (together ? together.filter(m) : m.bytes) : null, observe);
      } catch (error) {
        context.log(`connection ${connectionId}: reading the server: ${(error as Error).stack ?? String(error)}; closing it`);
        close('proxy error');
      }
    });
    socket.on('error', (error) => {
      if (connectionId === 0 && !closed) client.write(fatalError('08006', `pg-proxy: cannot reach PostgreSQL at ${context.upstream.host}:${context.upstream.port}: ${error.message}`));
      close(`server connection error: ${error.message}`);
    });
    socket.on('close', () => close('server closed the connection'));
    return socket;
  };

  const onStartupPacket = (packet: Buffer): void => {
    const code = startupCode(packet);
    if (code === SSL_REQUEST_CODE || code === GSSENC_REQUEST_CODE) {
      client.write('N');
      clientFrames.expectStartupPacket();
      return;
    }
    if (code === CANCEL_REQUEST_CODE) {
      const cancel = connect(context.upstream.port, context.upstream.host, () => cancel.end(packet));
      cancel.on('error', (error) => context.log(`cancel request not delivered: ${error.message}`));
      client.end();
      return;
    }
    upstream = openUpstream();
    upstream.write(packet);
  };

  const submitBatch = (messages: WireMessage[]): void => {
    const summary = summariseBatch(messages, names);
    const { label, readOnly } = context.labels.of(summary.sql, summary.endsWith);
    const socket = upstream!;
    const bytes = messages.length === 1 ? messages[0]!.bytes : Buffer.concat(messages.map((m) => m.bytes));
    const send = (stepId: number): void => {
      if (closed) return;
      tracker.sent(stepId, summary);
      socket.write(bytes);
    };
    board.submit({
      connectionId, backendPid: pid, seq: ++seq, label, sql: summary.sql.join('; '), readOnly, endsWith: summary.endsWith, summary,
      send: (stepId) => (together ? behindTogether.push(() => send(stepId)) : send(stepId)),
      sendTogether: (stepId, group) => {
        if (closed) return group.done(stepId);
        together = new TogetherRun(stepId, group, {
          write: (out) => socket.write(out),
          answered: (status) => board.answered(stepId, status),
          failed: (error) => board.failed(stepId, error),
          ended: () => {
            together = null;
            const queued = behindTogether;
            behindTogether = [];
            for (const sendQueued of queued) sendQueued();
          },
        });
        together.start(bytes);
      },
    });
  };

  const onClientMessages = (messages: WireMessage[]): void => {
    for (const message of messages) {
      if (message.type === '') onStartupPacket(message.bytes);
      else if (connectionId === 0 || isCopyMessage(message.type)) upstream?.write(message.bytes);
      else if (message.type === 'X') {
        upstream?.write(message.bytes);
        return close('client terminated');
      } else {
        batch.push(message);
        if (endsStep(message.type)) {
          const done = batch;
          batch = [];
          submitBatch(done);
        }
      }
    }
  };

  client.setNoDelay(true);
  client.on('data', (chunk: Buffer) => {
    if (closed) return;
    try {
      onClientMessages(clientFrames.push(chunk));
    } catch (error) {
      // One connection's surprise must never take the proxy (and every other connection) down.
      context.log(`connection ${connectionId}: ${(error as Error).stack ?? String(error)}; closing it`);
      client.write(fatalError('08P01', `pg-proxy: ${(error as Error).message}`));
      close('proxy error');
    }
  });
  client.on('error', (error) => close(`client connection error: ${error.message}`));
  client.on('close', () => close('client closed the connection'));
}

/** An ErrorResponse the client's driver shows as any PostgreSQL error. */
function fatalError(sqlstate: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${sqlstate}\0M${message}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}
