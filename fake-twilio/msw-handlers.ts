// The msw 2 adapter for in-process tests: one catch-all handler under `baseUrl` that hands each
// intercepted request to the core. msw has no socket to destroy, so `drop` (commit-then-drop,
// fail-before-commit) becomes `HttpResponse.error()`, which the client sees as a network error;
// `hold` waits in-process (hang/pause) unless the request is aborted.
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { CoreRequest } from './core-types.ts';
import type { FakeTwilioCore } from './fake-twilio-core.ts';

export interface FakeTwilioHandlersOptions {
  /** The origin the client calls, e.g. `https://api.twilio.com` or `http://fake-twilio.test`. */
  baseUrl: string;
}

export function createFakeTwilioHandlers(core: FakeTwilioCore, { baseUrl }: FakeTwilioHandlersOptions): HttpHandler[] {
  const origin = new URL(baseUrl).origin;
  core.adminSite = { port: null, inProcessOrigin: origin };
  return [
    http.all(`${origin}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const text = await request.text();
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => {
        headers[key.toLowerCase()] = value;
      });
      const coreRequest: CoreRequest = {
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        headers,
        body: Buffer.byteLength(text) > core.maxBodyBytes ? null : text,
        signal: request.signal,
      };
      const response = await core.handle(coreRequest);
      const d = response.disposition;
      if (d.kind === 'drop') return HttpResponse.error();
      if (d.kind === 'hold') await d.until;
      if (response.body === null) return new HttpResponse(null, { status: response.status, headers: response.headers });
      return HttpResponse.json(response.body, { status: response.status, headers: response.headers });
    }),
  ];
}
