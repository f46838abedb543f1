// The harness's public surface: what other tools (and tests) may build on.
export { UsageError, EnvironmentError, isUsageError, isEnvironmentError } from './errors.ts';
export { runCli, createProgress, type CliDeps, type Progress } from './cli/index.ts';
export { commands } from './commands/index.ts';
export { loadConfig, formatRerunCommand, type RunConfig } from './config/index.ts';

export type { DatabaseCluster } from './db/database-cluster.ts';
export { startEmbeddedPostgres, EMBEDDED_ROOT, EmbeddedPostgresError } from './db/embedded-postgres.ts';
export { startUrlPostgres } from './db/url-postgres.ts';
export { startContainerPostgres } from './db/container-postgres.ts';
export { startCluster } from './db/start-cluster.ts';
export { sweepStaleResources } from './db/sweep.ts';

export { startChildProcess, ChildProcessError } from './processes/child-process.ts';
export type { StartedProcess, ChildProcessOptions, ProcessExit } from './processes/child-process.ts';
export { nodeEntry, PACKAGE_ROOT } from './processes/node-entry.ts';
export { startTargetFleet, type TargetFleet, type TargetSpec, type TargetEnvironment } from './target/target-fleet.ts';
export { seedBusinesses, readBusiness, type FixtureBusiness, type BusinessView } from './target/target-client.ts';

export { createBurstEngine, type BurstEngine, type EngineRequest, type EngineResponse, type BurstResult } from './engines/index.ts';
export { chooseBrowserDriver, runBrowserClicks, findBrowser, findK6, runK6Cell } from './drivers/index.ts';

export type { Operation, OperationOutcome, ClientBehaviour } from '../model/index.ts';
export { createHistoryRecorder, openHistoryFile } from './history/index.ts';
export { checkInvariants, type InvariantInput } from './invariants/index.ts';

export { openRunSession, type RunSession } from './run/run-session.ts';
export { runCell, type CellSpec, type CellOutcome } from './run/cell-runner.ts';
