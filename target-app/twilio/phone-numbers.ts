// The Twilio operations onboarding needs, on the SDK. Every call's failure is classified
// (twilio-failure.ts) so strategies can tell "bought nothing" from "may have bought".
import type { TwilioSdk } from './twilio-client.ts';
import { classifyTwilioError } from './twilio-failure.ts';
import { friendlyNameFor, webhookUrlsFor } from './number-tags.ts';

export interface ProvisionedNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string | null;
  smsUrl: string | null;
  voiceUrl: string | null;
  dateCreated: Date | null;
}

export interface PhoneNumbers {
  /** Buys a number in the area code, tagged for the business (target-app/README.md). */
  purchase(businessId: string, areaCode: string): Promise<ProvisionedNumber>;
  /** The webhook-configuration call the incident's app made after buying. */
  configureWebhooks(businessId: string, sid: string): Promise<ProvisionedNumber>;
  /** Active numbers whose FriendlyName is exactly `business:<id>`, oldest first. */
  findTagged(businessId: string): Promise<ProvisionedNumber[]>;
  release(sid: string): Promise<void>;
  /** Every active number of the account, following every page (`pageSize` numbers each). */
  listAll(pageSize?: number): Promise<ProvisionedNumber[]>;
}

interface SdkNumber {
  sid: string;
  phoneNumber: string;
  friendlyName?: string | null;
  smsUrl?: string | null;
  voiceUrl?: string | null;
  dateCreated?: Date | null;
}

const toProvisioned = (n: SdkNumber): ProvisionedNumber => ({
  sid: n.sid,
  phoneNumber: n.phoneNumber,
  friendlyName: n.friendlyName ?? null,
  smsUrl: n.smsUrl ?? null,
  voiceUrl: n.voiceUrl ?? null,
  dateCreated: n.dateCreated ?? null,
});

const oldestFirst = (a: ProvisionedNumber, b: ProvisionedNumber) =>
  (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0) || a.sid.localeCompare(b.sid);

async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw classifyTwilioError(error);
  }
}

export function createPhoneNumbers(client: TwilioSdk, publicBaseUrl: string): PhoneNumbers {
  const numbers = client.api.v2010.account.incomingPhoneNumbers;
  return {
    purchase: (businessId, areaCode) =>
      call(async () =>
        toProvisioned(await numbers.create({ areaCode, friendlyName: friendlyNameFor(businessId), ...webhookUrlsFor(publicBaseUrl, businessId) })),
      ),
    configureWebhooks: (businessId, sid) =>
      call(async () => toProvisioned(await numbers(sid).update(webhookUrlsFor(publicBaseUrl, businessId)))),
    findTagged: (businessId) =>
      call(async () => (await numbers.list({ friendlyName: friendlyNameFor(businessId), pageSize: 50 })).map(toProvisioned).sort(oldestFirst)),
    release: (sid) =>
      call(async () => {
        await numbers(sid).remove();
      }),
    listAll: (pageSize = 1000) => call(async () => (await numbers.list({ pageSize })).map(toProvisioned).sort(oldestFirst)),
  };
}
