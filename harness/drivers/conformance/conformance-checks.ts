// The checks in the order they run and reports list them (CONFORMANCE_CHECKS, the contract).
import { CONFORMANCE_CHECKS } from '../../../model/index.ts';
import { bodyMismatchCheck } from './body-mismatch-check.ts';
import type { ConformanceCheckDefinition } from './conformance-check.ts';
import { inFlightCheck } from './in-flight-check.ts';
import { malformedCheck } from './malformed-check.ts';
import { otherBusinessCheck } from './other-business-check.ts';
import { replayCheck } from './replay-check.ts';
import { retryAfter503Check } from './retry-after-503-check.ts';

export const CONFORMANCE_CHECK_DEFINITIONS: readonly ConformanceCheckDefinition[] = [
  replayCheck, bodyMismatchCheck, otherBusinessCheck, inFlightCheck, retryAfter503Check, malformedCheck,
].sort((a, b) => CONFORMANCE_CHECKS.indexOf(a.name) - CONFORMANCE_CHECKS.indexOf(b.name));

/** Checks that use the business handed to them (other-business seeds its own pair). */
export const usesOwnBusiness = (check: ConformanceCheckDefinition) => check.name !== 'other-business';
