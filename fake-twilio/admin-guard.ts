// The one gate in front of every /__admin route, whatever routes are added later: the admin API
// has no authentication, so it must only answer the machine's own clients. A page open in a
// browser during a run could otherwise reset the fake or release paused purchases with a simple
// cross-origin request (no preflight for a blank or text/plain body), and DNS rebinding (a
// hostile name that resolves to 127.0.0.1) could read the ledger.
import type { CoreRequest } from './core-types.ts';
import { TwilioApiError } from './twilio-error.ts';

/** Where the fake is reachable, as its adapter tells the core. */
export interface AdminSite {
  /** The port the served adapter listens on; null in-process (msw, or the core called directly). */
  port: number | null;
  /** msw: the origin it intercepts (e.g. `https://api.twilio.com`): same process, so its own. */
  inProcessOrigin: string | null;
}

export const IN_PROCESS_SITE: AdminSite = { port: null, inProcessOrigin: null };

const forbidden = (message: string) => new TwilioApiError(403, 20403, message);

/** Throws a 403 (Host, Origin) or 415 (body type) unless the request may use the admin API. */
export function guardAdminRequest(req: CoreRequest, site: AdminSite): void {
  checkHost(req.headers.host, site);
  checkOrigin(req.headers.origin, site);
  checkBodyType(req);
}

function checkHost(host: string | undefined, site: AdminSite): void {
  if (host === undefined) {
    // Node's server refuses HTTP/1.1 without Host; an HTTP/1.0 client must still name the fake.
    if (site.port !== null) throw forbidden('The admin API needs a Host header naming the fake (127.0.0.1, localhost or [::1] with its port)');
    return;
  }
  const parsed = splitHostPort(host);
  const inProcessHost = site.inProcessOrigin === null ? null : new URL(site.inProcessOrigin).host;
  if (inProcessHost !== null && host.toLowerCase() === inProcessHost) return;
  const fix = site.port === null ? '' : `:${site.port}`;
  if (!parsed || !isLoopbackName(parsed.name)) {
    throw forbidden(`Host ${JSON.stringify(host.slice(0, 200))} is not a loopback name: the admin API answers only 127.0.0.1${fix}, localhost${fix} or [::1]${fix}`);
  }
  if (site.port !== null && parsed.port !== site.port) {
    throw forbidden(`Host ${JSON.stringify(host.slice(0, 200))} does not name the fake's port: use ${parsed.name}:${site.port}`);
  }
}

function checkOrigin(origin: string | undefined, site: AdminSite): void {
  if (origin === undefined) return; // not a browser request (curl, Node's fetch, the SDK)
  if (site.inProcessOrigin !== null && origin === new URL(site.inProcessOrigin).origin) return;
  const own = ownOrigin(origin, site);
  if (!own) throw forbidden(`Origin ${JSON.stringify(origin.slice(0, 200))} may not use the admin API: only the fake's own origin (http://127.0.0.1:${site.port ?? '<port>'}) may`);
}

function ownOrigin(origin: string, site: AdminSite): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque `null` origin of sandboxed pages and file: URLs
  }
  if (url.protocol !== 'http:' || url.origin !== origin.toLowerCase()) return false;
  const port = url.port === '' ? 80 : Number(url.port);
  return isLoopbackName(url.hostname) && (site.port === null || port === site.port);
}

function checkBodyType(req: CoreRequest): void {
  if (req.body === null || req.body.trim() === '') return; // too large → 413 later; blank → optional body
  const raw = req.headers['content-type'];
  const type = (raw ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new TwilioApiError(415, 20415, `Content-Type ${JSON.stringify(raw ?? '(none)')} is not supported by the admin API: send application/json`);
  }
}

/** `name[:port]`, IPv6 in brackets; null when malformed. Port defaults to 80 (the Host of a plain http URL). */
function splitHostPort(host: string): { name: string; port: number } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host);
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), port: m[2] === undefined ? 80 : Number(m[2]) };
}

export function isLoopbackName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n === 'localhost' || n === '[::1]' || n === '::1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(n);
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
}
