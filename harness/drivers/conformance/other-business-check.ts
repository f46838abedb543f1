// other-business: a key is scoped to the request it was first used for, business included.
// Two businesses of one owner (fixtures `sharedOwner`) share a token, so only the path tells
// the requests apart: a key store keyed by (owner, key) alone replays business A's answer —
// A's number — to business B.
import { CONFORMANCE_AREA_CODE } from '../../../scenarios/index.ts';
import { DRAFT, failed, notRun, passed, skipped, type ConformanceCheckDefinition } from './conformance-check.ts';
import { bodyField, describeAnswer, isFinalAnswer } from './conformance-exchange.ts';

const NO_SHARED_OWNER = 'the target has no fixtures `sharedOwner` (optional for external targets, docs/target-contract.md)';

export const otherBusinessCheck: ConformanceCheckDefinition = {
  name: 'other-business',
  reference: `${DRAFT} §2.2 (a key identifies one request of one client) and §2.7 (422 for a reused key)`,
  async run({ key, exchange, seedSharedOwner, canRead }) {
    let pair;
    try {
      pair = await seedSharedOwner(2);
    } catch (error) {
      return skipped(`${NO_SHARED_OWNER}: seeding two businesses of one owner failed (${(error as Error).message})`);
    }
    const [first, other] = pair as [typeof pair[number], typeof pair[number]];
    const token = first.ownerToken;
    if (other.ownerToken !== token && !(await canRead(other, token))) {
      return skipped(`${NO_SHARED_OWNER}: the two businesses it created belong to different owners (one's token is refused for the other)`);
    }
    const firstAnswer = await exchange({ business: first, key, areaCode: CONFORMANCE_AREA_CODE, token });
    if (!isFinalAnswer(firstAnswer.status)) return notRun(`the first business's request was answered ${describeAnswer(firstAnswer)}, so the key holds no request to compare with`);
    const otherAnswer = await exchange({ business: other, key, areaCode: CONFORMANCE_AREA_CODE, token });
    const what = 'the same key and body for another business of the same owner';
    if (otherAnswer.status === 422 && bodyField(otherAnswer, 'code') === 'IDEMPOTENCY_KEY_REUSED') return passed(`${what} was refused 422 IDEMPOTENCY_KEY_REUSED`);
    if (otherAnswer.status === 422) return failed(`${what} was answered 422 with code ${JSON.stringify(bodyField(otherAnswer, 'code'))}; the contract's code is IDEMPOTENCY_KEY_REUSED`);
    const leaked = otherAnswer.status === 200 && bodyField(otherAnswer, 'phoneNumber') === bodyField(firstAnswer, 'phoneNumber')
      ? ' — the first business\'s number, replayed to another business: the key is not scoped to the business'
      : '';
    return failed(`${what} was answered ${describeAnswer(otherAnswer)}, not 422 IDEMPOTENCY_KEY_REUSED${leaked}`);
  },
};
