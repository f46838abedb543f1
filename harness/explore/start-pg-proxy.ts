import { join } from 'node:path';
import type { StartedProcess } from '../processes/child-process.ts';
import type { ProxyMode } from './client-step.ts';
import { PgProxyControl } from './pg-proxy-control.ts';
import { ADMIN_ENV, redact, UPSTREAM_ENV, upstreamOf } from './upstream-address.ts';
import { startNodeService, type StartedService } from '../processes/started-service.ts';

// Starts the PostgreSQL proxy as a child process in its own process group and waits for its
// ready line. The started handle's `url` is the upstream's DATABASE_URL with the host and port
// of the proxy: give it to the target instead of the real one.

export interface PgProxyOptions {
  /** The database to put the proxy in front of (postgres:// URL with host and port). */
  upstream: string;
  /** Where the blocked watcher connects (an admin URL of the same cluster); `upstream` by default. */
  adminUrl?: string;
  mode?: ProxyMode;
  port?: number;
  /** Proxy output goes to `<logDir>/pg-proxy.log`. */
  logDir?: string;
  signal?: AbortSignal;
}

export interface StartedPgProxy extends StartedService {
  /** DATABASE_URL for the target: the upstream's user, password, database and parameters, the proxy's address. */
  url: string;
  controlUrl: string;
  control: PgProxyControl;
  process: StartedProcess;
}

export async function startPgProxy(options: PgProxyOptions): Promise<StartedPgProxy> {
  upstreamOf(options.upstream);
  const child = await startNodeService({
    entry: 'harness/explore/pg-proxy-main',
    name: 'pg-proxy',
    args: ['--mode', options.mode ?? 'pass', '--port', String(options.port ?? 0)],
    env: { [UPSTREAM_ENV]: options.upstream, [ADMIN_ENV]: options.adminUrl ?? '' },
    ...(options.logDir ? { logFile: join(options.logDir, 'pg-proxy.log') } : {}),
    readyLine: /pg-proxy listening on 127\.0\.0\.1:(\d+) control (http:\/\/\S+)/,
    ...(options.signal ? { signal: options.signal } : {}),
    failure: (failed) => ({
      code: 'E_PG_PROXY_START',
      what: `the PostgreSQL proxy for ${redact(options.upstream)} did not start: ${failed.message}`,
      fix: options.logDir ? `see ${join(options.logDir, 'pg-proxy.log')}` : 'check that the upstream database is reachable',
    }),
  });
  const [, port, controlUrl] = child.readyMatch!;
  const url = new URL(options.upstream);
  url.hostname = '127.0.0.1';
  url.port = port!;
  return {
    service: 'pg-proxy',
    url: url.toString(),
    controlUrl: controlUrl!,
    control: new PgProxyControl(controlUrl!),
    process: child,
    [Symbol.asyncDispose]: () => child.stop().then(() => undefined),
  };
}
