// Builders for the hand-made histories of the invariants' unit tests (test support only).
// Times are small nanosecond counts: only their order matters to the invariants.
import type { LedgerPurchase, LedgerRelease } from '../../fake-twilio/types.ts';
import type { Operation } from '../../model/index.ts';
import type { IncomingNumberSnapshot, InvariantInput } from './invariant-input.ts';

export const BASE = 'http://127.0.0.1:4000';

let nextOpId = 1;

export function op(fields: Partial<Operation> & { businessId: string }): Operation {
  const status = fields.status === undefined ? 200 : fields.status;
  return {
    id: fields.id ?? nextOpId++,
    scenario: 'hand-made',
    instance: 0,
    client: 'no-key',
    method: 'POST',
    path: `/api/businesses/${fields.businessId}/complete-onboarding`,
    key: null,
    burst: null,
    invokeNs: '100',
    completeNs: '200',
    arrivalNs: null,
    outcome: status === null ? 'info' : status >= 200 && status < 300 ? 'ok' : 'fail',
    status,
    body: null,
    error: null,
    fault: null,
    ...fields,
  };
}

/** A 200 naming a number, as the contract says. */
export function ok200(businessId: string, phoneNumber: string, fields: Partial<Operation> = {}): Operation {
  return op({ businessId, status: 200, body: { success: true, phoneNumber, alreadyComplete: false }, ...fields });
}

export function purchase(seq: number, businessId: string | null, phoneNumber: string, fields: Partial<LedgerPurchase> = {}): LedgerPurchase {
  return {
    seq,
    sid: `PN${String(seq).padStart(32, '0')}`,
    phoneNumber,
    friendlyName: businessId === null ? null : `business:${businessId}`,
    smsUrl: businessId === null ? null : `${BASE}/api/twilio/sms/${businessId}`,
    voiceUrl: businessId === null ? null : `${BASE}/api/twilio/voice/${businessId}`,
    accountSid: 'AC00000000000000000000000000000000',
    requestId: `req-${seq}`,
    receivedAtNs: '150',
    committedAtNs: '160',
    committed: true,
    response: 'sent',
    fault: null,
    wallTime: '2025-06-13T02:14:23.000Z',
    ...fields,
  };
}

export function release(seq: number, p: LedgerPurchase): LedgerRelease {
  return { seq, sid: p.sid!, phoneNumber: p.phoneNumber!, releasedAtNs: '900', wallTime: '2025-06-13T02:20:00.000Z' };
}

/** The number a committed purchase made, as GET /__admin/numbers shows it. */
export function numberOf(p: LedgerPurchase, fields: Partial<IncomingNumberSnapshot> = {}): IncomingNumberSnapshot {
  return {
    sid: p.sid!,
    phoneNumber: p.phoneNumber!,
    friendlyName: p.friendlyName,
    smsUrl: p.smsUrl,
    voiceUrl: p.voiceUrl,
    accountSid: p.accountSid,
    status: 'active',
    purchaseSeq: p.seq,
    dateCreated: 'Fri, 13 Jun 2025 02:14:23 +0000',
    ...fields,
  };
}

export function onboarded(phoneNumber: string): { phoneNumber: string; onboardingStatus: string } {
  return { phoneNumber, onboardingStatus: 'complete' };
}

export const notOnboarded = { phoneNumber: null, onboardingStatus: 'failed' };

/** A run where every business listed is judged; fields given replace the defaults. */
export function input(fields: Partial<Omit<InvariantInput, 'businesses'>> & { businesses: string[] }): InvariantInput {
  const { businesses, ...rest } = fields;
  return {
    history: [],
    ledger: { purchases: [], releases: [] },
    numbers: [],
    appView: {},
    publicBaseUrl: BASE,
    settle: { ran: true },
    crashes: [],
    ...rest,
    businesses: businesses.map((id) => ({ id })),
  };
}
