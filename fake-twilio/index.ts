// The fake Twilio's public surface (see README.md). Everything else in this folder is internal.
export type * from './types.ts';
export type { CoreRequest, CoreResponse, Disposition } from './core-types.ts';
export { createFakeTwilioCore, defaultCredentials, FakeTwilioCore, DEFAULT_SEED, type FakeTwilioCoreOptions } from './fake-twilio-core.ts';
export { createFakeTwilioServer, PortInUseError, type FakeTwilioServer, type FakeTwilioServerOptions } from './served-server.ts';
export { createFakeTwilioHandlers, type FakeTwilioHandlersOptions } from './msw-handlers.ts';
export { createFakeTwilioAdmin, FakeTwilioAdmin, FakeTwilioAdminError } from './fake-twilio-admin.ts';
export { parseFaultPlan } from './fault-plan.ts';
export { STOCKED_AREAS } from './inventory.ts';
export { TwilioApiError, type TwilioErrorBody } from './twilio-error.ts';
export { main, readyLines } from './main.ts';
export type { HeldTwilioCall, HoldEvent, HoldPhase, HoldState } from './exploration-holds.ts';
