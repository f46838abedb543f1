// body-mismatch: the same key with another body is a client error (422), never a replay of the
// first answer nor a run of the second request.
import { CONFORMANCE_AREA_CODE, MISMATCHED_AREA_CODE } from '../../../scenarios/index.ts';
import { DRAFT, failed, notRun, passed, type ConformanceCheckDefinition } from './conformance-check.ts';
import { bodyField, describeAnswer, isFinalAnswer } from './conformance-exchange.ts';

export const bodyMismatchCheck: ConformanceCheckDefinition = {
  name: 'body-mismatch',
  reference: `${DRAFT} §2.4 (idempotency fingerprint) and §2.7 (422 for a key reused with another payload)`,
  async run({ business, key, exchange }) {
    const first = await exchange({ business, key, areaCode: CONFORMANCE_AREA_CODE });
    if (!isFinalAnswer(first.status)) return notRun(`the first request was answered ${describeAnswer(first)}, so the key holds no request to compare with`);
    const second = await exchange({ business, key, areaCode: MISMATCHED_AREA_CODE });
    const what = `the same key with {"areaCode":"${MISMATCHED_AREA_CODE}"} after {"areaCode":"${CONFORMANCE_AREA_CODE}"}`;
    if (second.status === 422 && bodyField(second, 'code') === 'IDEMPOTENCY_KEY_REUSED') return passed(`${what} was refused 422 IDEMPOTENCY_KEY_REUSED`);
    if (second.status === 422) return failed(`${what} was answered 422 with code ${JSON.stringify(bodyField(second, 'code'))}; the contract's code is IDEMPOTENCY_KEY_REUSED`);
    return failed(`${what} was answered ${describeAnswer(second)}, not 422 IDEMPOTENCY_KEY_REUSED: the key does not fingerprint the request body`);
  },
};
