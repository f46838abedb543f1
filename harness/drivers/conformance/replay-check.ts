// replay: the same key and body twice in sequence get the identical answer — the first
// request's status and body, not a fresh run's (which would say alreadyComplete: true).
import { isDeepStrictEqual } from 'node:util';
import { CONFORMANCE_AREA_CODE } from '../../../scenarios/index.ts';
import { DRAFT, failed, notRun, passed, type ConformanceCheckDefinition } from './conformance-check.ts';
import { describeAnswer, isFinalAnswer } from './conformance-exchange.ts';

export const replayCheck: ConformanceCheckDefinition = {
  name: 'replay',
  reference: `${DRAFT} §2.6 (a retry of a completed request gets its stored response)`,
  async run({ business, key, exchange }) {
    const first = await exchange({ business, key, areaCode: CONFORMANCE_AREA_CODE });
    if (!isFinalAnswer(first.status)) return notRun(`the first request was answered ${describeAnswer(first)}, not a final answer, so there was nothing to replay`);
    const second = await exchange({ business, key, areaCode: CONFORMANCE_AREA_CODE });
    if (second.status === first.status && isDeepStrictEqual(second.body, first.body)) {
      const header = second.headers['idempotent-replayed'] === undefined ? '' : ` (Idempotent-Replayed: ${second.headers['idempotent-replayed']})`;
      return passed(`the repeat was answered exactly as the first: ${describeAnswer(first)}${header}`);
    }
    return failed(`the repeat with the same key and body was answered ${describeAnswer(second)} ${JSON.stringify(second.body)}, the first ${describeAnswer(first)} ${JSON.stringify(first.body)}: the key's response was not replayed`);
  },
};
