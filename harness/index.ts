// The harness's public surface.
export type { DatabaseCluster } from './db/database-cluster.ts';
export { startEmbeddedPostgres, EMBEDDED_ROOT, EmbeddedPostgresError } from './db/embedded-postgres.ts';
export { startChildProcess, ChildProcessError } from './processes/child-process.ts';
export type { StartedProcess, ChildProcessOptions, ProcessExit } from './processes/child-process.ts';
export { nodeEntry, PACKAGE_ROOT } from './processes/node-entry.ts';
export type { Operation, OperationOutcome, ClientBehaviour } from './history-types.ts';
