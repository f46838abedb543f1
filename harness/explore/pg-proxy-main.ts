import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startPgProxyServer } from './pg-proxy-server.ts';
import { ADMIN_ENV, UPSTREAM_ENV } from './upstream-address.ts';

// The proxy's process entry (started by start-pg-proxy.ts). The upstream URL comes in the
// environment, not in argv, so its password does not show in the process list. Prints one
// ready line the launcher waits for; SIGTERM closes everything.


const options = z
  .object({
    mode: z.enum(['pass', 'hold']).default('pass'),
    port: z.coerce.number().int().min(0).max(65_535).default(0),
    'control-port': z.coerce.number().int().min(0).max(65_535).default(0),
  })
  .parse(parseArgs({ options: { mode: { type: 'string' }, port: { type: 'string' }, 'control-port': { type: 'string' } } }).values);

const upstreamUrl = process.env[UPSTREAM_ENV];
if (!upstreamUrl) {
  console.error(`pg-proxy: ${UPSTREAM_ENV} is not set: give it the postgres:// URL of the database to proxy`);
  process.exit(2);
}

const proxy = await startPgProxyServer({
  upstreamUrl,
  adminUrl: process.env[ADMIN_ENV] || undefined,
  mode: options.mode,
  port: options.port,
  controlPort: options['control-port'],
});
console.log(`pg-proxy listening on 127.0.0.1:${proxy.port} control ${proxy.controlUrl} mode ${options.mode}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void Promise.resolve(proxy[Symbol.asyncDispose]()).finally(() => process.exit(0));
  });
}
