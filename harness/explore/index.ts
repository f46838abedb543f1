// The interleaving explorer's public surface. So far: the PostgreSQL wire-protocol proxy that
// holds each client statement batch until released, and its control client.
export { startPgProxy, type PgProxyOptions, type StartedPgProxy } from './start-pg-proxy.ts';
export { PgProxyControl, PgProxyControlClientError, type ProxyState } from './pg-proxy-control.ts';
export type { ConnectionSnapshot, ProxyEvent, ProxyMode, StepEnd, StepSnapshot, StepState } from './client-step.ts';
export { sqlFingerprint } from './sql-fingerprint.ts';
export { isReadOnlyFingerprint } from './read-only-sql.ts';
