// Which database failures mean "the connection, not the query, failed". Those become
// 503 DATABASE_UNAVAILABLE (retryable); anything else is a bug and stays loud.

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
/** SQLSTATE classes 08 (connection exception), 57P0x (operator intervention), 53300 (too many connections). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|53300)$/;
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is closed',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  return CONNECTION_MESSAGES.some((text) => error.message.includes(text));
}

/** A short, secret-free description of the cause for logs and 503 bodies. */
export function describeDatabaseError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const message = error.message || (error instanceof AggregateError ? error.errors.map((e: Error) => e.message).join('; ') : error.name);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
