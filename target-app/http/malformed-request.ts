// Requests express never sees still get the contract's envelope: those Node's HTTP parser
// rejects (a bad method or request line, headers over the size limit, a bad chunk, two
// Content-Lengths), which Node would answer with a bare `400 Bad Request`, and CONNECT, whose
// socket Node would simply destroy.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ARRIVAL_HEADER } from './arrival-time.ts';

const REASONS: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

function answerFor(error: NodeJS.ErrnoException): { status: number; code: string; message: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'REQUEST_HEADERS_TOO_LARGE', message: 'The request headers are over the size limit (16 KiB in total).' };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'MALFORMED_REQUEST', message: 'The request did not arrive in time.' };
  const reason = (error as { reason?: string }).reason ?? error.message;
  return { status: 400, code: 'MALFORMED_REQUEST', message: `The request is not valid HTTP/1.1 (${reason}).` };
}

function answerRaw(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ success: false, code, message });
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `${ARRIVAL_HEADER}: ${process.hrtime.bigint()}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function answerMalformedRequests(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset, or an answer whose head already went out on this socket: nothing can be said any
    // more. An answer still being prepared (the body broke after the head arrived) is replaced,
    // as Node's own handler does.
    const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || answering?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, code, message } = answerFor(error);
    answerRaw(socket, status, code, message);
  });
  // The app is no proxy: CONNECT is an unknown route, as any other method express does not serve.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    answerRaw(socket, 404, 'NOT_FOUND', `No route for CONNECT ${JSON.stringify(req.url)}.`);
  });
}
