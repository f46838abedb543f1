// `npm run reconcile` against planted waste: a duplicate, a tagged orphan, an unattributable
// orphan, a dangling record and a webhook mismatch; --apply --yes releases exactly the
// tagged waste. Runs the entry as a child process, as the harness CLI does.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nodeEntry } from '../harness/index.ts';
import { createTwilioSdkClient } from './support/twilio-sdk.ts';
import { PUBLIC_BASE_URL, startTargetAppStack, type TargetAppStack } from './support/target-app-stack.ts';

function reconcile(stack: TargetAppStack, ...flags: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { command, args } = nodeEntry('target-app/reconcile');
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: stack.database.url, TWILIO_ACCOUNT_SID: stack.twilio.accountSid, TWILIO_AUTH_TOKEN: stack.twilio.authToken };
  return new Promise((resolve) => {
    const child = execFile(command, [...args, '--twilio-url', stack.twilio.url, '--public-base-url', PUBLIC_BASE_URL, ...flags], { env, timeout: 60_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
}

describe('reconcile', () => {
  it('finds planted duplicates, orphans, dangling records and webhook mismatches; --apply --yes releases only tagged waste', async () => {
    await using stack = await startTargetAppStack({ latency: 'off' });
    const [clean, duplicated, orphaned, dangling] = await stack.seed(4);
    const sdk = createTwilioSdkClient({ baseUrl: stack.twilio.url, accountSid: stack.twilio.accountSid, authToken: stack.twilio.authToken });
    const numbers = sdk.api.v2010.account.incomingPhoneNumbers;
    const buy = (friendlyName: string, id?: string) =>
      numbers.create({ areaCode: '828', friendlyName, ...(id ? { smsUrl: `${PUBLIC_BASE_URL}/api/twilio/sms/${id}`, voiceUrl: `${PUBLIC_BASE_URL}/api/twilio/voice/${id}` } : {}) });

    expect((await stack.onboard(clean!)).status).toBe(200);
    expect((await stack.onboard(duplicated!)).status).toBe(200);
    const duplicate = await buy(`business:${duplicated!.id}`, duplicated!.id);
    const taggedOrphan = await buy(`business:${orphaned!.id}`, orphaned!.id);
    const untaggedOrphan = await buy('Marketing line');
    await stack.pool.query(`UPDATE businesses SET phone_number = '+18285550199', onboarding_status = 'complete' WHERE id = $1`, [dangling!.id]);
    const cleanNumber = (await stack.recordedNumber(clean!.id))!;
    const [cleanSid] = (await numbers.list({ phoneNumber: cleanNumber })).map((n) => n.sid);
    await numbers(cleanSid!).update({ smsUrl: 'https://old.example.test/sms' });

    const dry = await reconcile(stack, '--json', '--page-size', '2');
    expect(dry.code, dry.stderr).toBe(1);
    const report = JSON.parse(dry.stdout);
    const kinds = report.findings.map((f: { kind: string; phoneNumber: string; releasable: boolean }) => `${f.kind} ${f.phoneNumber} ${f.releasable}`).sort();
    expect(kinds).toEqual([
      `dangling +18285550199 false`,
      `duplicate ${duplicate.phoneNumber} true`,
      `orphan ${taggedOrphan.phoneNumber} true`,
      `orphan ${untaggedOrphan.phoneNumber} false`,
      `webhook-mismatch ${cleanNumber} false`,
    ].sort());
    expect(report.summary).toMatchObject({ duplicates: 1, orphans: 2, dangling: 1, webhookMismatches: 1, wastedNumbers: 3, monthlyCostUsd: 15 });
    expect((await stack.admin.ledger()).releases).toEqual([]); // a dry run releases nothing

    const text = await reconcile(stack, '--price', '1.15');
    expect(text.stdout).toContain('waste 3 number(s) = $3.45/month');

    const refused = await reconcile(stack, '--apply'); // no terminal to confirm on, no --yes
    expect(refused.code).toBe(2);
    expect((await stack.admin.ledger()).releases).toEqual([]);

    const applied = await reconcile(stack, '--apply', '--yes', '--json');
    expect(applied.code).toBe(1); // the untagged orphan, the dangling record and the mismatch remain
    const released = (await stack.admin.ledger()).releases.map((r) => r.sid).sort();
    expect(released).toEqual([duplicate.sid, taggedOrphan.sid].sort());
    expect(await stack.recordedNumber(duplicated!.id)).not.toBe(duplicate.phoneNumber);
  });

  it('exits 2 on bad usage and 3 when the database cannot be reached', async () => {
    await using stack = await startTargetAppStack({ latency: 'off' });
    expect((await reconcile(stack, '--price', 'free')).code).toBe(2);
    const unreachable = await reconcile(stack, '--database-url', 'postgres://postgres@127.0.0.1:9/none');
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain('ECONNREFUSED');
  });
});
