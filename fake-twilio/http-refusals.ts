// Answers to requests Node's HTTP layer refuses before the core sees them. Node's defaults are a
// bare status without a body (a 400, a 417) or a silently destroyed socket (headers over the
// limit); a client must instead get Twilio's envelope, like every other error of the fake.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { CoreResponse } from './core-types.ts';
import { errorResponse, MAX_HEADER_BYTES } from './fake-twilio-core.ts';
import { errors, TwilioApiError } from './twilio-error.ts';

/** An `Expect` other than 100-continue (Node's 'checkExpectation'). */
export function expectationFailed(req: IncomingMessage): CoreResponse {
  const expectation = String(req.headers.expect ?? '').slice(0, 80);
  return errorResponse(new TwilioApiError(417, 20417, `Expect: ${JSON.stringify(expectation)} is not supported: send only Expect: 100-continue, or none`));
}

/**
 * A request Node's parser refused never reaches the core: answer it here, in Twilio's envelope,
 * rather than dropping the connection without a word (431 for an oversized URL or headers).
 */
export function answerUnparsable(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const error =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? errors.headersTooLarge(MAX_HEADER_BYTES)
      : new TwilioApiError(400, 20400, `Malformed HTTP request (${err.code ?? 'parse error'}): the fake could not read it`);
  const payload = JSON.stringify(errorResponse(error).body);
  const reason = error.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(`HTTP/1.1 ${error.status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`);
}
