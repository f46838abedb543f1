// The Idempotency-Key conformance driver (scenario idempotency-key; docs/idempotency-key.md).
export { conformanceDriver, runConformanceChecks } from './conformance-driver.ts';
export { CONFORMANCE_CHECK_DEFINITIONS } from './conformance-checks.ts';
export { MALFORMED_KEYS } from './malformed-check.ts';
export type { CheckInput, CheckVerdict, ConformanceCheckDefinition } from './conformance-check.ts';
