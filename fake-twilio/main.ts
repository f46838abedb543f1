// `npm run fake-twilio` / `exactly-one fake-twilio`: the fake alone, for a person or a harness.
// Prints `fake-twilio listening on http://127.0.0.1:<port>` when ready (the line launchers wait
// for), then the credentials. Exit codes follow docs/cli.md: 2 bad usage, 3 port in use.
import { parseArgs } from 'node:util';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFakeTwilioServer, PortInUseError } from './served-server.ts';

export const USAGE = `usage: fake-twilio [--port <p>] [--host <h>] [--seed <n>] [--latency on|off]
                   [--account-sid AC…] [--auth-token <token>] [--help]

  --port         port to listen on (default 0: the OS chooses one)
  --host         address to listen on (default 127.0.0.1)
  --seed         seed of the inventory, sids, latency and fault draws (default 828)
  --latency      on (default: realistic, purchases ~400 ms median) or off
  --account-sid  the account SID clients must use (default derived from the seed)
  --auth-token   the auth token clients must use (default derived from the seed)`;

class UsageError extends Error {}

function parseCli(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        latency: { type: 'string' },
        'account-sid': { type: 'string' },
        'auth-token': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const int = (name: string, raw: string | undefined, max: number): number | undefined => {
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) > max) throw new UsageError(`--${name} must be an integer from 0 to ${max}, got ${JSON.stringify(raw)}`);
    return Number(raw);
  };
  // `on|off` is the spelling of `exactly-one fake-twilio` (npm run fake-twilio); `realistic`, the
  // mode's own name and this CLI's first spelling, stays accepted so no script breaks.
  const rawLatency = values.latency ?? 'on';
  if (rawLatency !== 'on' && rawLatency !== 'realistic' && rawLatency !== 'off') throw new UsageError(`--latency must be on or off, got ${JSON.stringify(rawLatency)}`);
  const latency = rawLatency === 'off' ? 'off' : 'realistic';
  const accountSid = values['account-sid'];
  if (accountSid !== undefined && !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) throw new UsageError(`--account-sid must be AC followed by 32 hex digits, got ${JSON.stringify(accountSid)}`);
  if (values['auth-token'] !== undefined && values['auth-token'] === '') throw new UsageError('--auth-token must not be empty');
  return {
    help: values.help ?? false,
    port: int('port', values.port, 65535) ?? 0,
    host: values.host ?? '127.0.0.1',
    seed: int('seed', values.seed, 2 ** 32 - 1),
    latency: latency as 'realistic' | 'off',
    accountSid,
    authToken: values['auth-token'],
  };
}

/** What the fake prints when it is ready: the URL line launchers wait for, then the credentials. */
export function readyLines(server: { url: string; accountSid: string; authToken: string }, latency: 'realistic' | 'off'): string {
  return [
    `fake-twilio listening on ${server.url}`,
    `account SID: ${server.accountSid}`,
    `auth token:  ${server.authToken}`,
    `latency:     ${latency}; ledger at ${server.url}/__admin/ledger`,
    `point the twilio SDK at it: TWILIO_API_BASE=${server.url} TWILIO_ACCOUNT_SID=${server.accountSid} TWILIO_AUTH_TOKEN=${server.authToken}`,
    '',
  ].join('\n');
}

/** Runs the fake until SIGINT/SIGTERM. Sets `process.exitCode` (2 usage, 3 port in use) instead of exiting. */
export async function main(argv: string[]): Promise<void> {
  let opts;
  try {
    opts = parseCli(argv);
  } catch (err) {
    process.stderr.write(`fake-twilio: ${(err as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let server;
  try {
    server = await createFakeTwilioServer({
      port: opts.port,
      host: opts.host,
      latency: opts.latency,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.accountSid !== undefined ? { accountSid: opts.accountSid } : {}),
      ...(opts.authToken !== undefined ? { authToken: opts.authToken } : {}),
    });
  } catch (err) {
    process.stderr.write(`fake-twilio: ${err instanceof PortInUseError ? err.message : `could not start: ${(err as Error).message}`}\n`);
    process.exitCode = 3;
    return;
  }
  // The handlers go in before the ready line: a launcher may signal the moment it reads it (a
  // pipe write is synchronous), and a signal before them would kill the fake instead of closing it.
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(readyLines(server, opts.latency));
  await stopped;
  await server.close();
  process.exitCode = 0;
}

function isMain(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) await main(process.argv.slice(2));
