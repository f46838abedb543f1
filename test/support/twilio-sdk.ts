// The official `twilio` SDK pointed at a fake Twilio (NOTES.md): the SDK builds every URL from
// https://api.twilio.com, so a RequestClient subclass rewrites protocol + host to `baseUrl` and
// leaves the path and query alone. Edge and region stay unset so the host is never rewritten.
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient.js';

export interface TwilioSdkClientOptions {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Per-request timeout (the SDK's default is 30 s). */
  timeoutMs?: number;
}

class RedirectingRequestClient extends RequestClient {
  private readonly base: URL;

  constructor(baseUrl: string, timeoutMs: number | undefined) {
    super({ ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}), keepAlive: true });
    this.base = new URL(baseUrl);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = new URL(opts.uri);
    uri.protocol = this.base.protocol;
    uri.host = this.base.host;
    return super.request({ ...opts, uri: uri.toString() });
  }
}

export type TwilioSdkClient = ReturnType<typeof twilio>;

export function createTwilioSdkClient(options: TwilioSdkClientOptions): TwilioSdkClient {
  return twilio(options.accountSid, options.authToken, {
    httpClient: new RedirectingRequestClient(options.baseUrl, options.timeoutMs),
  });
}
