// The CLI as a user runs it: a real child process, waiting for its ready line, then the SDK
// buys, lists and releases numbers and the ledger shows every purchase.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeTwilioAdmin, createFakeTwilioServer } from '../fake-twilio/index.ts';
import { createTwilioSdkClient } from './support/twilio-sdk.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const children = new Set<ChildProcess>();

afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
});

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'fake-twilio/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Readiness is the ready line (and the credential lines after it), never a sleep.
  const ready = new Promise<string>((resolve, reject) => {
    const check = () => {
      if (/fake-twilio listening on (http:\/\/\S+)\n[\s\S]*auth token:\s+\S+\n/.test(stdout)) resolve(stdout);
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`exited ${code} before ready: ${stderr}`)));
  });
  // Runs that are expected to exit before ready never await `ready`: keep its rejection handled.
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

describe('npm run fake-twilio (fake-twilio/main.ts)', () => {
  it('serves; the SDK buys, lists and releases; the ledger has every purchase; SIGTERM exits 0', async () => {
    const sid = `AC${'ab'.repeat(16)}`;
    const proc = start(['--port', '0', '--latency', 'off', '--account-sid', sid, '--auth-token', 'secret-token']);
    const out = await proc.ready;
    const url = /fake-twilio listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)![1]!;
    expect(out).toContain(`account SID: ${sid}`);
    expect(out).toContain('auth token:  secret-token');
    const sdk = createTwilioSdkClient({ baseUrl: url, accountSid: sid, authToken: 'secret-token' });
    const a = await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:cli' });
    const b = await sdk.incomingPhoneNumbers.create({ areaCode: '828', friendlyName: 'business:cli' });
    expect((await sdk.incomingPhoneNumbers.list({ friendlyName: 'business:cli' })).map((n) => n.sid)).toEqual([a.sid, b.sid]);
    expect(await sdk.incomingPhoneNumbers(b.sid).remove()).toBe(true);
    const admin = createFakeTwilioAdmin(url);
    const ledger = await admin.ledger();
    expect(ledger.purchases.map((p) => p.sid)).toEqual([a.sid, b.sid]);
    expect(ledger.releases.map((r) => r.sid)).toEqual([b.sid]);
    expect((await admin.numbers()).map((n) => [n.sid, n.status])).toEqual([
      [a.sid, 'active'],
      [b.sid, 'released'],
    ]);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('port in use → exit 3 with a message naming the port', async () => {
    await using busy = await createFakeTwilioServer({ latency: 'off' });
    const proc = start(['--port', String(busy.port)]);
    expect(await proc.exited).toBe(3);
    expect(proc.output().stderr).toContain(`port ${busy.port}`);
    expect(proc.output().stderr).toContain('--port');
  });

  it('a bad flag → exit 2 with the usage', async () => {
    for (const args of [['--bogus'], ['--latency', 'fast'], ['--port', 'http'], ['--account-sid', 'XX1']]) {
      const proc = start(args);
      expect(await proc.exited).toBe(2);
      expect(proc.output().stderr).toContain('usage: fake-twilio');
    }
  });

  it('--help prints the usage and exits 0', async () => {
    const proc = start(['--help']);
    expect(await proc.exited).toBe(0);
    expect(proc.output().stdout).toContain('--latency on|off');
  });

  it('--latency on (the spelling of npm run fake-twilio) and realistic (the old one) both mean realistic', async () => {
    for (const spelling of ['on', 'realistic']) {
      const proc = start(['--latency', spelling]);
      expect(await proc.ready).toContain('latency:     realistic;');
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    }
  });
});
