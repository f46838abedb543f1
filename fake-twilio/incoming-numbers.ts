// Numbers bought on an account (Twilio's IncomingPhoneNumber resource) and their JSON shape,
// which follows the `api.v2010.account.incoming_phone_number` schema of Twilio's OpenAPI file.
import type { IncomingNumberSnapshot } from './types.ts';
import { formatNanp } from './inventory.ts';

/** The fields a create or update may set, by their form parameter names. */
export const WRITABLE_FIELDS = [
  'ApiVersion', 'FriendlyName', 'SmsApplicationSid', 'SmsFallbackMethod', 'SmsFallbackUrl', 'SmsMethod', 'SmsUrl',
  'StatusCallback', 'StatusCallbackMethod', 'VoiceApplicationSid', 'VoiceCallerIdLookup', 'VoiceFallbackMethod',
  'VoiceFallbackUrl', 'VoiceMethod', 'VoiceUrl', 'EmergencyStatus', 'EmergencyAddressSid', 'TrunkSid', 'IdentitySid',
  'AddressSid', 'VoiceReceiveMode', 'BundleSid',
] as const;
export type WritableField = (typeof WRITABLE_FIELDS)[number];

export interface IncomingNumber {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  fields: Partial<Record<WritableField, string>>;
  status: 'active' | 'released';
  purchaseSeq: number;
  /**
   * Position in commit order, set by `IncomingNumbers.add` (1, 2, …). Lists are in this order and
   * PageTokens point into it: a number committed while a client pages always lands after its
   * cursor. Purchase seqs are no use here: concurrent purchases commit out of seq order.
   */
  listSeq: number;
  dateCreated: Date;
  dateUpdated: Date;
  /** `list-lag`: hidden from list results until this monotonic time (ms). */
  listedFromMs: number;
}

export class IncomingNumbers {
  /** Insertion order = commit order = `listSeq` order, which is the list order (stable for paging). */
  private readonly bySid = new Map<string, IncomingNumber>();
  private lastListSeq = 0;

  add(fields: Omit<IncomingNumber, 'listSeq'>): IncomingNumber {
    const n: IncomingNumber = { ...fields, listSeq: ++this.lastListSeq };
    this.bySid.set(n.sid, n);
    return n;
  }

  get(accountSid: string, sid: string): IncomingNumber | undefined {
    const n = this.bySid.get(sid);
    return n && n.accountSid === accountSid && n.status === 'active' ? n : undefined;
  }

  /** Active numbers of an account that a list may show now, filtered as Twilio does (exact matches), in `listSeq` order. */
  listed(accountSid: string, nowMs: number, filter: { friendlyName?: string; phoneNumber?: string }): IncomingNumber[] {
    const out: IncomingNumber[] = [];
    for (const n of this.bySid.values()) {
      if (n.accountSid !== accountSid || n.status !== 'active' || n.listedFromMs > nowMs) continue;
      if (filter.friendlyName !== undefined && friendlyNameOf(n) !== filter.friendlyName) continue;
      if (filter.phoneNumber !== undefined && n.phoneNumber !== filter.phoneNumber) continue;
      out.push(n);
    }
    return out;
  }

  counts(): { active: number; released: number } {
    let active = 0;
    let released = 0;
    for (const n of this.bySid.values()) n.status === 'active' ? active++ : released++;
    return { active, released };
  }

  snapshots(): IncomingNumberSnapshot[] {
    return [...this.bySid.values()].map((n) => ({
      sid: n.sid,
      phoneNumber: n.phoneNumber,
      friendlyName: friendlyNameOf(n),
      smsUrl: n.fields.SmsUrl ?? null,
      voiceUrl: n.fields.VoiceUrl ?? null,
      accountSid: n.accountSid,
      status: n.status,
      purchaseSeq: n.purchaseSeq,
      dateCreated: n.dateCreated.toISOString(),
    }));
  }
}

export function friendlyNameOf(n: IncomingNumber): string {
  return n.fields.FriendlyName ?? formatNanp(n.phoneNumber);
}

/** RFC 2822 in GMT, as Twilio writes dates: `Tue, 13 Jun 2025 02:14:23 +0000`. */
export function rfc2822(d: Date): string {
  return d.toUTCString().replace('GMT', '+0000');
}

// Unset URLs are null rather than '': the schema types them `format: uri, nullable`.
export function incomingNumberJson(n: IncomingNumber): Record<string, unknown> {
  const f = n.fields;
  return {
    account_sid: n.accountSid,
    address_sid: f.AddressSid ?? null,
    address_requirements: 'none',
    api_version: f.ApiVersion ?? '2010-04-01',
    beta: false,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    date_created: rfc2822(n.dateCreated),
    date_updated: rfc2822(n.dateUpdated),
    friendly_name: friendlyNameOf(n),
    identity_sid: f.IdentitySid ?? null,
    phone_number: n.phoneNumber,
    origin: 'twilio',
    sid: n.sid,
    sms_application_sid: f.SmsApplicationSid ?? null,
    sms_fallback_method: f.SmsFallbackMethod ?? 'POST',
    sms_fallback_url: f.SmsFallbackUrl ?? null,
    sms_method: f.SmsMethod ?? 'POST',
    sms_url: f.SmsUrl ?? null,
    status_callback: f.StatusCallback ?? null,
    status_callback_method: f.StatusCallbackMethod ?? 'POST',
    trunk_sid: f.TrunkSid ?? null,
    uri: `/2010-04-01/Accounts/${n.accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
    voice_receive_mode: f.VoiceReceiveMode ?? 'voice',
    voice_application_sid: f.VoiceApplicationSid ?? null,
    voice_caller_id_lookup: f.VoiceCallerIdLookup === 'true',
    voice_fallback_method: f.VoiceFallbackMethod ?? 'POST',
    voice_fallback_url: f.VoiceFallbackUrl ?? null,
    voice_method: f.VoiceMethod ?? 'POST',
    voice_url: f.VoiceUrl ?? null,
    emergency_status: f.EmergencyStatus ?? 'Inactive',
    emergency_address_sid: f.EmergencyAddressSid ?? null,
    emergency_address_status: 'unregistered',
    bundle_sid: f.BundleSid ?? null,
    status: 'in-use',
    type: 'local',
  };
}
