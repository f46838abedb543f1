// Database vs Twilio, as pure data (reconcile, target-app/README.md): what Twilio bills us for that the
// database does not know, what the database names that Twilio no longer has, and webhooks
// that point elsewhere than PUBLIC_BASE_URL.
import { attributedBusinessId, taggedBusinessId, webhookUrlsFor } from '../twilio/number-tags.ts';
import type { ProvisionedNumber } from '../twilio/phone-numbers.ts';

export interface RecordedBusiness {
  id: string;
  phoneNumber: string | null;
}

export type FindingKind = 'duplicate' | 'orphan' | 'dangling' | 'webhook-mismatch';

export interface Finding {
  kind: FindingKind;
  businessId: string | null;
  phoneNumber: string;
  sid: string | null;
  /** Waste that `--apply` may release: a duplicate or orphan tagged exactly `business:<id>`. */
  releasable: boolean;
  detail: string;
}

export function findWaste(businesses: RecordedBusiness[], numbers: ProvisionedNumber[], publicBaseUrl: string): Finding[] {
  const byPhone = new Map(businesses.filter((b) => b.phoneNumber).map((b) => [b.phoneNumber!, b]));
  const byId = new Map(businesses.map((b) => [b.id, b]));
  const findings: Finding[] = [];

  for (const number of numbers) {
    const owner = byPhone.get(number.phoneNumber);
    if (owner) {
      const expected = webhookUrlsFor(publicBaseUrl, owner.id);
      if (number.smsUrl !== expected.smsUrl || number.voiceUrl !== expected.voiceUrl) {
        findings.push({
          kind: 'webhook-mismatch', businessId: owner.id, phoneNumber: number.phoneNumber, sid: number.sid, releasable: false,
          detail: `sms ${number.smsUrl ?? '(none)'} / voice ${number.voiceUrl ?? '(none)'}; expected ${expected.smsUrl} / ${expected.voiceUrl}`,
        });
      }
      continue;
    }
    const businessId = attributedBusinessId(number);
    const business = businessId === null ? undefined : byId.get(businessId);
    const tagged = taggedBusinessId(number.friendlyName) !== null;
    if (business?.phoneNumber) {
      findings.push({ kind: 'duplicate', businessId, phoneNumber: number.phoneNumber, sid: number.sid, releasable: tagged,
        detail: `business already has ${business.phoneNumber}` });
    } else {
      findings.push({ kind: 'orphan', businessId, phoneNumber: number.phoneNumber, sid: number.sid, releasable: tagged,
        detail: businessId === null ? 'not attributable to any business' : business ? 'business has no number recorded' : 'business not in the database' });
    }
  }

  const active = new Set(numbers.map((n) => n.phoneNumber));
  for (const business of businesses) {
    if (business.phoneNumber && !active.has(business.phoneNumber)) {
      findings.push({ kind: 'dangling', businessId: business.id, phoneNumber: business.phoneNumber, sid: null, releasable: false,
        detail: 'recorded in the database, not an active number at Twilio' });
    }
  }
  return findings;
}

export interface WasteSummary {
  duplicates: number;
  orphans: number;
  dangling: number;
  webhookMismatches: number;
  wastedNumbers: number;
  monthlyCostUsd: number;
}

export function summarize(findings: Finding[], pricePerMonthUsd: number): WasteSummary {
  const count = (kind: FindingKind) => findings.filter((f) => f.kind === kind).length;
  const wasted = count('duplicate') + count('orphan');
  return {
    duplicates: count('duplicate'),
    orphans: count('orphan'),
    dangling: count('dangling'),
    webhookMismatches: count('webhook-mismatch'),
    wastedNumbers: wasted,
    monthlyCostUsd: Math.round(wasted * pricePerMonthUsd * 100) / 100,
  };
}
