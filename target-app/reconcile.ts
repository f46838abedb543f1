// `npm run reconcile` (target-app/README.md): compares the database with every page of Twilio's number
// list through the SDK. Dry run by default; `--apply` releases only waste tagged
// `business:<id>`, after a confirmation (or `--yes`).
// Exit codes: 0 nothing left to report, 1 findings remain (dry run, declined, or not
// releasable), 2 bad usage, 3 the database or Twilio could not be reached.
import { createInterface } from 'node:readline/promises';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { createPhoneNumbers, type PhoneNumbers } from './twilio/phone-numbers.ts';
import { createTwilioClient } from './twilio/twilio-client.ts';
import { findWaste, summarize, type Finding, type RecordedBusiness } from './reconcile/find-waste.ts';

interface Options {
  databaseUrl?: string;
  twilioUrl?: string;
  accountSid?: string;
  authToken?: string;
  publicBaseUrl?: string;
  apply: boolean;
  yes: boolean;
  price: number;
  pageSize: number;
  json: boolean;
}

class UsageError extends Error {}
class EnvironmentError extends Error {}

const parsePageSize = (value: string) => {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw new InvalidArgumentError('must be a whole number from 1 to 1000');
  return size;
};

const parsePrice = (value: string) => {
  const price = Number(value);
  if (!Number.isFinite(price) || price < 0) throw new InvalidArgumentError('must be a non-negative number of dollars');
  return price;
};

function program(): Command {
  return new Command('reconcile')
    .description('Compare the database with Twilio: duplicates, orphans, dangling records, webhook mismatches.')
    .option('--database-url <url>', 'PostgreSQL URL (env DATABASE_URL)')
    .option('--twilio-url <url>', 'Twilio API base URL (env TWILIO_API_BASE)')
    .option('--account-sid <sid>', 'Twilio account SID (env TWILIO_ACCOUNT_SID)')
    .option('--auth-token <token>', 'Twilio auth token (env TWILIO_AUTH_TOKEN)')
    .option('--public-base-url <url>', 'expected webhook base (env PUBLIC_BASE_URL)')
    .option('--apply', 'release duplicates and orphans tagged business:<id>', false)
    .option('--yes', 'do not ask for confirmation before releasing', false)
    .option('--price <usd>', 'monthly price of one number', parsePrice, 5)
    .option('--page-size <n>', "numbers per page of Twilio's list", parsePageSize, 1000)
    .option('--json', 'print one JSON object', false)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
}

function required(value: string | undefined, flag: string, env: string): string {
  if (!value) throw new UsageError(`missing ${flag} (or ${env})`);
  return value;
}

async function readBusinesses(databaseUrl: string): Promise<RecordedBusiness[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'exactly-one-reconcile' });
  try {
    await client.connect();
    const { rows } = await client.query<{ id: string; phone_number: string | null }>('SELECT id, phone_number FROM businesses ORDER BY id');
    return rows.map((row) => ({ id: row.id, phoneNumber: row.phone_number }));
  } catch (error) {
    throw new EnvironmentError(`database: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function confirm(count: number): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError('--apply needs a terminal to confirm, or --yes');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`Release ${count} number(s) at Twilio? [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

async function release(numbers: PhoneNumbers, findings: Finding[]): Promise<Finding[]> {
  const released: Finding[] = [];
  for (const finding of findings) {
    await numbers.release(finding.sid!);
    released.push(finding);
  }
  return released;
}

async function run(options: Options, out: (text: string) => void): Promise<number> {
  const env = process.env;
  const databaseUrl = required(options.databaseUrl ?? env['DATABASE_URL'], '--database-url', 'DATABASE_URL');
  const publicBaseUrl = required(options.publicBaseUrl ?? env['PUBLIC_BASE_URL'], '--public-base-url', 'PUBLIC_BASE_URL').replace(/\/+$/, '');
  const numbers = createPhoneNumbers(
    createTwilioClient({
      accountSid: required(options.accountSid ?? env['TWILIO_ACCOUNT_SID'], '--account-sid', 'TWILIO_ACCOUNT_SID'),
      authToken: required(options.authToken ?? env['TWILIO_AUTH_TOKEN'], '--auth-token', 'TWILIO_AUTH_TOKEN'),
      apiBase: options.twilioUrl ?? env['TWILIO_API_BASE'] ?? 'https://api.twilio.com',
      timeoutMs: 30_000,
    }),
    publicBaseUrl,
  );
  const businesses = await readBusinesses(databaseUrl);
  const active = await numbers.listAll(options.pageSize).catch((error: Error) => {
    throw new EnvironmentError(`twilio: ${error.message}`);
  });
  const findings = findWaste(businesses, active, publicBaseUrl);
  const releasable = findings.filter((f) => f.releasable);

  let released: Finding[] = [];
  if (options.apply && releasable.length > 0 && (options.yes || (await confirm(releasable.length)))) {
    released = await release(numbers, releasable).catch((error: Error) => {
      throw new EnvironmentError(`twilio: release failed: ${error.message}`);
    });
  }
  const remaining = findings.filter((f) => !released.includes(f));
  const summary = summarize(findings, options.price);
  if (options.json) {
    out(`${JSON.stringify({ dryRun: !options.apply, findings, released, summary }, null, 2)}\n`);
  } else {
    for (const f of findings) out(`${f.kind.padEnd(16)} ${f.phoneNumber.padEnd(14)} ${(f.sid ?? '-').padEnd(34)} business ${f.businessId ?? '?'}: ${f.detail}\n`);
    out(`${summary.duplicates} duplicate(s), ${summary.orphans} orphan(s), ${summary.dangling} dangling, ${summary.webhookMismatches} webhook mismatch(es); ` +
      `waste ${summary.wastedNumbers} number(s) = $${summary.monthlyCostUsd.toFixed(2)}/month\n`);
    if (options.apply) out(`released ${released.length} number(s)\n`);
    else if (releasable.length > 0) out(`dry run: ${releasable.length} tagged number(s) would be released with --apply\n`);
  }
  return remaining.length === 0 ? 0 : 1;
}

/** Runs reconcile with CLI arguments (without node and script); resolves to the exit code. */
export async function main(argv: string[], out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  try {
    const command = program();
    command.parse(argv, { from: 'user' });
    return await run(command.opts<Options>(), out);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      process.stderr.write(`reconcile: ${error.message}\n`);
      return 2;
    }
    if (error instanceof EnvironmentError) {
      process.stderr.write(`reconcile: ${error.message}\n`);
      return 3;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stderr.write(`reconcile: internal error: ${error.stack ?? error.message}\n`);
      process.exitCode = 4;
    },
  );
}
