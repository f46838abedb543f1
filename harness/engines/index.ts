// The burst engine: the only door into harness/engines.
export { createBurstEngine, EngineClosedError } from './burst-engine.ts';
export { EngineOptionsError } from './engine-options.ts';
export { EngineRequestError } from './request-wire.ts';
export { spreadMs } from './engine-response.ts';
export { RESPONSE_BODY_CAP_BYTES } from './engine-types.ts';
export type { BurstEngine, BurstEngineOptions, BurstMethod, BurstResult, EngineRequest, EngineResponse, SendOptions } from './engine-types.ts';
