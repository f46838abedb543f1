import { redact } from '../db/url-postgres.ts';

export { redact };
// The upstream database's TCP address, from its postgres:// URL, and the same URL made safe to print.

export interface Upstream {
  host: string;
  port: number;
}

/** Environment variables of the proxy process: URLs carry passwords, so they stay out of argv. */
export const UPSTREAM_ENV = 'EXACTLY_ONE_PG_PROXY_UPSTREAM';
export const ADMIN_ENV = 'EXACTLY_ONE_PG_PROXY_ADMIN';

export class UpstreamUrlError extends Error {
  readonly code = 'E_PG_PROXY_UPSTREAM';
}

export function upstreamOf(url: string): Upstream {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UpstreamUrlError(`upstream ${JSON.stringify(redact(url))} is not a URL: pass postgres://user:password@host:port/database`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new UpstreamUrlError(`upstream ${redact(url)} is not a postgres:// URL`);
  if (parsed.hostname === '' || parsed.searchParams.has('host')) throw new UpstreamUrlError(`upstream ${redact(url)} must name a TCP host and port (Unix sockets are not proxied)`);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || 5432) };
}

