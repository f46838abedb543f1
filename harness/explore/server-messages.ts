import { Parser } from 'pg-protocol/dist/parser';
import type { BackendMessage } from 'pg-protocol/dist/messages';
import type { WireMessage } from './wire-frames.ts';

// The few server messages the proxy reads rather than just forwards, decoded with node-postgres's
// own parser (pg-protocol) so that their field layouts are not written a second time here.

function decode(message: WireMessage): BackendMessage {
  let decoded: BackendMessage | undefined;
  new Parser().parse(message.bytes, (msg) => (decoded = msg));
  if (!decoded) throw new Error(`pg-protocol did not decode a '${message.type}' message`);
  return decoded;
}

export function backendPid(message: WireMessage): number {
  return (decode(message) as unknown as { processID: number }).processID;
}

/** `SQLSTATE: message` of an ErrorResponse. */
export function errorText(message: WireMessage): { text: string; fatal: boolean } {
  const error = decode(message) as unknown as { code?: string; message: string; severity?: string };
  return { text: `${error.code ?? '?????'}: ${error.message}`, fatal: error.severity === 'FATAL' || error.severity === 'PANIC' };
}

/** The transaction status byte of a ReadyForQuery. */
export function transactionStatus(message: WireMessage): 'I' | 'T' | 'E' {
  const status = message.bytes.toString('latin1', 5, 6);
  return status === 'T' || status === 'E' ? status : 'I';
}
