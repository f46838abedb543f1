// WEBHOOKS_CONSISTENT: each active number's SmsUrl/VoiceUrl are
// <PUBLIC_BASE_URL>/api/twilio/{sms,voice}/<its business id>. A number attributed to no
// business cannot point at its business, so it breaks this too (and NO_ORPHANS).
import type { InvariantResult, Violation } from '../../model/index.ts';
import { attribute } from './attribution.ts';
import type { InvariantInput } from './invariant-input.ts';
import { notEvaluated, resultOf, skipReason } from './invariant-result.ts';
import { activeNumbers, businessIdSet, describeNumber, seqOf } from './purchases-by-business.ts';

const CODE = 'WEBHOOKS_CONSISTENT';

export function webhookUrls(publicBaseUrl: string, businessId: string): { smsUrl: string; voiceUrl: string } {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const id = encodeURIComponent(businessId);
  return { smsUrl: `${base}/api/twilio/sms/${id}`, voiceUrl: `${base}/api/twilio/voice/${id}` };
}

export function webhooksConsistent(input: InvariantInput): InvariantResult {
  const skipped = skipReason(input, CODE);
  if (skipped !== null) return notEvaluated(CODE, skipped);
  if (input.publicBaseUrl === null) return notEvaluated(CODE, 'PUBLIC_BASE_URL of the target is unknown (give --public-base-url)');
  const ids = businessIdSet(input);
  const violations: Violation[] = [];
  for (const number of activeNumbers(input)) {
    const seq = seqOf(input, number);
    const ledger = seq === null ? [] : [seq];
    const who = attribute(number, ids);
    if (who.businessId === null) {
      violations.push({ businessId: null, detail: `active number ${describeNumber(input, number)} has no business to point at (${who.reason})`, operations: [], ledger });
      continue;
    }
    const want = webhookUrls(input.publicBaseUrl, who.businessId);
    const wrong: string[] = [];
    if (number.smsUrl !== want.smsUrl) wrong.push(`SmsUrl is ${JSON.stringify(number.smsUrl)}, expected ${want.smsUrl}`);
    if (number.voiceUrl !== want.voiceUrl) wrong.push(`VoiceUrl is ${JSON.stringify(number.voiceUrl)}, expected ${want.voiceUrl}`);
    if (wrong.length > 0) violations.push({ businessId: who.businessId, detail: `active number ${describeNumber(input, number)}: ${wrong.join('; ')}`, operations: [], ledger });
  }
  return resultOf(CODE, violations);
}
