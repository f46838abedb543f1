// The official twilio SDK, unchanged except for where it sends requests: TWILIO_API_BASE
// (the fake in tests, https://api.twilio.com in production). The SDK builds URLs from
// api.twilio.com, so a RequestClient subclass rewrites each URL's origin, including the
// next-page URLs of lists.
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient.js';

export type TwilioSdk = ReturnType<typeof twilio>;

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  apiBase: string;
  timeoutMs: number;
}

class RebasedRequestClient extends RequestClient {
  constructor(private readonly apiBase: URL, timeoutMs: number) {
    super({ timeout: timeoutMs, keepAlive: true });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const target = new URL(opts.uri);
    target.protocol = this.apiBase.protocol;
    target.host = this.apiBase.host;
    return super.request({ ...opts, uri: target.toString() });
  }
}

export function createTwilioClient(options: TwilioClientOptions): TwilioSdk {
  return twilio(options.accountSid, options.authToken, {
    httpClient: new RebasedRequestClient(new URL(options.apiBase), options.timeoutMs),
  });
}
