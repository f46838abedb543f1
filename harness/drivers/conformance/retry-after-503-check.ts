// retry-after-503: a failure is not an answer to keep. The first attempt meets a Twilio 503; the
// retry with the same key must run again and succeed — a store that kept the 503 would answer
// every retry of this key with it, and the business could never be onboarded with its key.
import { CONFORMANCE_AREA_CODE } from '../../../scenarios/index.ts';
import { CONTRACT, DRAFT, failed, notRun, passed, purchasesOf, tagOf, type ConformanceCheckDefinition } from './conformance-check.ts';
import { bodyField, describeAnswer } from './conformance-exchange.ts';

export const retryAfter503Check: ConformanceCheckDefinition = {
  name: 'retry-after-503',
  reference: `${DRAFT} §2.6 (only a completed request's response is returned for its key) and ${CONTRACT} (409, 429 and 503 are never replayed)`,
  async run({ business, key, exchange, admin }) {
    await admin.setFaults({ rules: [{ operation: 'purchase', kind: 'error', status: 503, times: 1, friendlyName: tagOf(business) }] });
    try {
      const first = await exchange({ business, key, areaCode: CONFORMANCE_AREA_CODE });
      const before = await purchasesOf(admin, business.id);
      if (!before.some((p) => p.fault?.split(',').some((f) => f.trim() === 'error:503'))) {
        return notRun(`the first request was answered ${describeAnswer(first)} without meeting the planned Twilio 503: no purchase of ${tagOf(business)} reached the fake`);
      }
      await admin.clearFaults();
      const retry = await exchange({ business, key, areaCode: CONFORMANCE_AREA_CODE });
      const ranAgain = (await purchasesOf(admin, business.id)).length > before.length;
      const firstText = `the first attempt met a Twilio 503 and was answered ${describeAnswer(first)}`;
      if (retry.status === 200 && typeof bodyField(retry, 'phoneNumber') === 'string') {
        return passed(`${firstText}; the retry with the same key ${ranAgain ? 'ran again' : 'was answered from the target\'s own recovery'} and got ${describeAnswer(retry)}`);
      }
      if (!ranAgain && retry.status === first.status) {
        return failed(`${firstText}; the retry with the same key got ${describeAnswer(retry)} again without reaching Twilio: the failure was replayed, so no retry with this key can succeed`);
      }
      return failed(`${firstText}; the retry with the same key got ${describeAnswer(retry)}${ranAgain ? '' : ' without reaching Twilio'}, expected it to run again and succeed (200 with a number)`);
    } finally {
      await admin.clearFaults().catch(() => {});
    }
  },
};
