import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMBEDDED_ROOT } from '../harness/db/embedded-postgres.ts';
import { accountSid, embeddedDirsOf, processesWith } from './support/leftovers.ts';
import { runExactlyOne } from './support/cli-process.ts';

// What a run leaves behind when it is interrupted, crashes or is killed: nothing, or — after a
// SIGKILL, which runs no clean-up at all — nothing once the next run has swept.

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const reportDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'exactly-one-orchestration-'));
  dirs.push(dir);
  return dir;
};

/** Processes whose command line or environment mentions the marker (a run's unique account SID). */
describe('orchestration', () => {
  it('Ctrl-C in the middle of a run stops every process, removes the database, and still writes the report', { timeout: 120_000 }, async () => {
    const sid = accountSid();
    const dir = reportDir();
    let pid: number | undefined;
    let interrupted = false;
    const run = await runExactlyOne(['run', 'network-failure', '--businesses', '5', '--seed', '3', '--twilio-account-sid', sid, '--twilio-auth-token', 'secret', '--report-dir', dir], {
      onStderr: (text, child) => {
        pid = child.pid;
        // Interrupt once targets and purchases are in flight.
        if (!interrupted && text.includes('starting 1 target instance')) {
          interrupted = true;
          setTimeout(() => child.kill('SIGINT'), 1_500);
        }
      },
    });
    expect(interrupted).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('SIGINT: stopping and cleaning up');
    expect(processesWith(sid)).toEqual([]);
    expect(embeddedDirsOf(pid)).toEqual([]);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(result.interrupted).toBe(true);
    expect(result.verdict).toBe('error');
    expect(existsSync(join(dir, 'index.html'))).toBe(true);
  });

  it('after a SIGKILL of the harness, the next run sweeps the database cluster, the targets and the fake it left', { timeout: 180_000 }, async () => {
    const sid = accountSid();
    let pid: number | undefined;
    let killed = false;
    // Killed once its target is up (the run pauses at the next phase, through the test-only hook).
    const first = await runExactlyOne(['run', 'network-failure', '--businesses', '5', '--seed', '4', '--twilio-account-sid', sid, '--twilio-auth-token', 'secret', '--report-dir', reportDir()], {
      env: { EXACTLY_ONE_TEST_PAUSE_AT: 'seed businesses' },
      onStderr: (text, child) => {
        pid = child.pid;
        if (!killed && text.includes('test hook: paused at seed businesses')) {
          killed = true;
          child.kill('SIGKILL');
        }
      },
    });
    expect(first.signal).toBe('SIGKILL');
    // SIGKILL runs no clean-up: the fake, the target and PostgreSQL are still there.
    expect(processesWith(sid).length).toBeGreaterThan(0);
    expect(embeddedDirsOf(pid).length).toBe(1);

    const second = await runExactlyOne(['run', 'concurrent-burst', '--businesses', '2', '--concurrency', '2', '--seed', '5', '--report-dir', reportDir()]);
    expect(second.code).toBe(0);
    // The count covers the killed run's process groups still alive (at least one: see above) as well
    // as its data directory: at least 2, where it used to say 1.
    const swept = Number(/swept (\d+) resource\(s\) left by an earlier run/.exec(second.stderr)?.[1]);
    expect(swept, second.stderr).toBeGreaterThanOrEqual(2);
    await expect.poll(() => processesWith(sid), { timeout: 10_000 }).toEqual([]);
    expect(embeddedDirsOf(pid)).toEqual([]);
  });

  it('a --twilio-port in use is an environment error (exit 3) that names the port, and leaves nothing running', { timeout: 60_000 }, async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const sid = accountSid();
    try {
      const run = await runExactlyOne(['run', 'concurrent-burst', '--businesses', '2', '--twilio-port', String(port), '--twilio-account-sid', sid, '--twilio-auth-token', 'secret', '--report-dir', reportDir()]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(String(port));
      expect(run.stderr).toMatch(/--twilio-port/);
      expect(processesWith(sid)).toEqual([]);
    } finally {
      busy.close();
    }
  });

  it('--engine k6 without k6 is exit 3 with how to install it, and on a scenario k6 cannot run is exit 2 — before anything starts', { timeout: 60_000 }, async () => {
    const env = { K6_BINARY: '', PATH: '/usr/bin:/bin' };
    const missing = await runExactlyOne(['run', 'concurrent-burst', '--engine', 'k6', '--report-dir', reportDir()], { env });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('E_NO_K6');
    expect(missing.stderr).toMatch(/K6_BINARY/);
    const unsupported = await runExactlyOne(['gate', '--engine', 'k6', '--report-dir', reportDir()], { env });
    expect(unsupported.code).toBe(2);
    expect(unsupported.stderr).toContain('network-failure');
    expect(unsupported.stderr).not.toContain('starting the');
  });
});
