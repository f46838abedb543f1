// The official twilio SDK pointed at TWILIO_API_BASE (the fake): a RequestClient subclass
// rewrites each URL's origin, since the SDK builds them from api.twilio.com (NOTES.md).
// Every failure comes back as a §4.2 HttpError (twilioFailure).
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient.js';
import { twilioFailure } from './target-errors.mjs';

class RebasedRequestClient extends RequestClient {
  constructor(apiBase, timeoutMs) {
    super({ timeout: timeoutMs, keepAlive: true });
    this.apiBase = new URL(apiBase);
  }

  request(opts) {
    const target = new URL(opts.uri);
    target.protocol = this.apiBase.protocol;
    target.host = this.apiBase.host;
    return super.request({ ...opts, uri: target.toString() });
  }
}

async function call(operation) {
  try {
    return await operation();
  } catch (error) {
    throw twilioFailure(error);
  }
}

export function createTwilioNumbers(env) {
  const client = twilio(env.twilioAccountSid, env.twilioAuthToken, {
    httpClient: new RebasedRequestClient(env.twilioApiBase, env.twilioTimeoutMs),
  });
  const numbers = client.api.v2010.account.incomingPhoneNumbers;
  return {
    /** Buys a number: `{ areaCode, friendlyName?, smsUrl?, voiceUrl? }` → `{ sid, phoneNumber, … }`. */
    buy: (params) => call(() => numbers.create(params)),
    /** The webhook-configuration call the incident's app made after buying. */
    configure: (sid, urls) => call(() => numbers(sid).update(urls)),
    /** Active numbers whose FriendlyName is exactly `friendlyName`. */
    findByFriendlyName: (friendlyName) => call(() => numbers.list({ friendlyName, pageSize: 50 })),
    release: (sid) => call(() => numbers(sid).remove()),
  };
}
