// The interleaving explorer's public surface. So far: the PostgreSQL wire-protocol proxy that
// holds each client statement batch until released, its control client, and the scheduler core
// (pure: step model, schedule ids, choices, quiescence, bounded DFS and replay).
export { startPgProxy, type PgProxyOptions, type StartedPgProxy } from './start-pg-proxy.ts';
export { PgProxyControl, PgProxyControlClientError, type ProxyState } from './pg-proxy-control.ts';
export type { ConnectionSnapshot, ProxyEvent, ProxyMode, StepEnd, StepSnapshot, StepState } from './client-step.ts';
export { sqlFingerprint } from './sql-fingerprint.ts';
export { isReadOnlyFingerprint } from './read-only-sql.ts';
export { InterleavingScheduler, type ExplorableSystem, type ExplorationResult, type ScheduleRecord, type SchedulerOptions, type StepRecord, type Divergence, type ScheduleOutcome } from './interleaving-scheduler.ts';
export { formatScheduleId, parseScheduleId, ScheduleIdError, type Choice } from './schedule-id.ts';
export { stepRef, type PendingStep, type StepKind, type SystemSnapshot } from './schedule-step.ts';
export { DEFAULT_GRACE, type GraceSettings } from './quiescence.ts';
export { holdArrival, HeldArrivalError, type ArrivalRequest, type ArrivalResponse, type ArrivalState, type HeldArrival } from './held-arrival.ts';
export { TargetSystem, type TargetSystemOptions } from './target-system.ts';
