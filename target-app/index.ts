// Public surface of the target app for in-process use. The harness runs `main.ts` as a child
// process instead: the app imports nothing of ours and stands alone, as a user's app would.
export { loadConfig, ConfigError, STRATEGY_NAMES } from './config.ts';
export type { AppConfig, StrategyName } from './config.ts';
export { startTargetApp, DatabaseStartError } from './server.ts';
export type { TargetAppHandle } from './server.ts';
export { createApp, PUBLIC_DIR } from './app.ts';
export type { AppParts } from './app.ts';
export { attributedBusinessId, friendlyNameFor, taggedBusinessId, webhookUrlsFor } from './twilio/number-tags.ts';
export { main as reconcileMain } from './reconcile.ts';
