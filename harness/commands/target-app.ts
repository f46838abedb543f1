import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { CommandAction } from '../cli/command-table.ts';
import { EXIT } from '../cli/exit-codes.ts';
import { UsageError } from '../errors.ts';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { CleanupStack } from '../processes/cleanup-stack.ts';
import { startFakeTwilioProcess } from '../run/fake-twilio-process.ts';
import { seedBusinesses } from '../target/target-client.ts';
import { startTargetFleet } from '../target/target-fleet.ts';
import { INCIDENT_BUSINESS } from '../../scenarios/index.ts';
import { PAGE_VARIANTS } from '../../model/index.ts';

// `npm run target-app`: our app for a person to try — an embedded PostgreSQL, a served fake
// Twilio and the app as a child process (or the --database-url / --twilio-url given), a fixture
// business, and links that open its onboarding page in each variant. Runs until Ctrl-C.
export const targetApp: CommandAction = async (config, context) => {
  const say = (line: string) => context.stderr(`${line}\n`);
  const twilioUrl = context.options.twilioUrl as string | undefined;
  if (twilioUrl && (!config.twilioAccountSid || !config.twilioAuthToken)) {
    throw new UsageError({
      code: 'E_TWILIO_CREDENTIALS', message: '--twilio-url needs the credentials the Twilio there accepts', value: twilioUrl, source: '--twilio-url',
      fix: 'add --twilio-account-sid AC… --twilio-auth-token … (the fake prints both when it starts)',
    });
  }
  const strategy = config.strategy ?? 'idempotent';
  const logDir = mkdtempSync(join(tmpdir(), 'exactly-one-target-app-'));
  await using stack = new CleanupStack();
  stack.defer(() => rmSync(logDir, { recursive: true, force: true }));

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    say('starting an embedded PostgreSQL…');
    const cluster = stack.use(await startEmbeddedPostgres());
    databaseUrl = (await cluster.createDatabase()).url;
  }
  const twilio = twilioUrl
    ? { url: twilioUrl, accountSid: config.twilioAccountSid!, authToken: config.twilioAuthToken! }
    : stack.use(await startFakeTwilioProcess({ port: config.twilioPort, seed: config.seed, accountSid: config.twilioAccountSid, authToken: config.twilioAuthToken, logDir, signal: context.signal }));

  say(`starting the app (strategy ${strategy})…`);
  const fleet = stack.use(await startTargetFleet({
    spec: { kind: 'ours' },
    instances: 1,
    ports: [Number(context.options.port ?? 0)],
    logDir,
    signal: context.signal,
    env: {
      databaseUrl,
      twilioAccountSid: twilio.accountSid,
      twilioAuthToken: twilio.authToken,
      twilioApiBase: twilio.url,
      ...(config.publicBaseUrl ? { publicBaseUrl: config.publicBaseUrl } : {}),
      strategy,
      jwtSecret: randomBytes(24).toString('hex'),
      dbPoolMax: 10,
      twilioTimeoutMs: 10_000,
    },
  }));
  const app = fleet.urls[0]!;
  const [business] = await seedBusinesses(app, { count: 1, areaCode: '828', names: [INCIDENT_BUSINESS] });
  const link = (variant: string) => `${app}/onboarding.html?variant=${variant}&business=${business!.id}&token=${business!.ownerToken}`;
  context.stdout([
    '',
    `target-app (${strategy}) listening on ${app}`,
    `fake Twilio:  ${twilio.url}   (every purchase: ${twilio.url}/__admin/ledger)`,
    `database:     ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`,
    `logs:         ${logDir}`,
    '',
    `onboarding links for "${business!.name}" (828) — click Launch Dashboard, then look at the ledger:`,
    ...PAGE_VARIANTS.map((variant) => `  ${variant.padEnd(9)} ${link(variant)}`),
    '',
    `or: curl -X POST -H 'Authorization: Bearer ${business!.ownerToken}' ${app}/api/businesses/${business!.id}/complete-onboarding`,
    '',
    'Ctrl-C stops everything (app, fake Twilio, database).',
    '',
  ].join('\n'));
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) return resolve();
    context.signal.addEventListener('abort', () => resolve(), { once: true });
    // A crash of the app ends the session with its output rather than hanging on a dead server.
    const watch = setInterval(() => {
      if (fleet.crashes.length > 0) {
        say(fleet.crashes.map((c) => c.detail).join('\n'));
        clearInterval(watch);
        resolve();
      }
    }, 500);
    context.signal.addEventListener('abort', () => clearInterval(watch), { once: true });
  });
  say('stopping…');
  return fleet.crashes.length > 0 ? EXIT.environment : EXIT.ok;
};
