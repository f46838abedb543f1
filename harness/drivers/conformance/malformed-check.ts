// malformed: a key that is empty, longer than 255 characters or not printable ASCII is refused
// 400 INVALID_IDEMPOTENCY_KEY before anything happens — no purchase at Twilio.
import { CONFORMANCE_AREA_CODE } from '../../../scenarios/index.ts';
import { CONTRACT, DRAFT, failed, passed, purchasesOf, type ConformanceCheckDefinition } from './conformance-check.ts';
import { bodyField, describeAnswer } from './conformance-exchange.ts';

/**
 * The bad keys, each a distinct way to be malformed. The non-printable one carries a tab in the
 * middle: HTTP clients refuse to send other control characters in a header, and a parser trims
 * surrounding whitespace, so an inner tab is the control character that reaches a target.
 */
export const MALFORMED_KEYS: readonly { label: string; key: (base: string) => string }[] = [
  { label: 'an empty key', key: () => '' },
  { label: 'a 256-character key', key: (base) => base.padEnd(256, 'k').slice(0, 256) },
  { label: 'a key with a tab inside', key: (base) => `${base}\tnot-printable` },
];

export const malformedCheck: ConformanceCheckDefinition = {
  name: 'malformed',
  reference: `${DRAFT} §2.1 (syntax) and ${CONTRACT} (1–255 printable ASCII characters, else 400 INVALID_IDEMPOTENCY_KEY)`,
  async run({ business, key, exchange, admin }) {
    const wrong: string[] = [];
    for (const bad of MALFORMED_KEYS) {
      const answer = await exchange({ business, key: bad.key(key), areaCode: CONFORMANCE_AREA_CODE });
      if (answer.status !== 400 || bodyField(answer, 'code') !== 'INVALID_IDEMPOTENCY_KEY') wrong.push(`${bad.label}: ${describeAnswer(answer)}`);
    }
    const purchases = (await purchasesOf(admin, business.id)).length;
    if (purchases > 0) wrong.push(`${purchases} purchase${purchases === 1 ? '' : 's'} at Twilio for a request that should have been refused`);
    if (wrong.length === 0) return passed(`${MALFORMED_KEYS.map((b) => b.label).join(', ')}: each refused 400 INVALID_IDEMPOTENCY_KEY, nothing bought`);
    return failed(`expected 400 INVALID_IDEMPOTENCY_KEY for each; ${wrong.join('; ')}`);
  },
};
