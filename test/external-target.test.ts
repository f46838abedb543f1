import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { detectionTargetPath } from '../harness/bench/detection-rate.ts';
import { freePort } from '../harness/processes/free-port.ts';
import type { InvariantCode, RunResult, ScenarioResult } from '../model/index.ts';
import { runExactlyOne } from './support/cli-process.ts';
import { createTestDatabase } from './support/database.ts';

// External-target mode (docs/target-contract.md) end to end: the real CLI as a child process against the
// plain-JavaScript targets of test/targets/, each planting one defect, so every invariant of
// docs/invariants.md is seen to fire on a target that is not ours — and the correct one to pass.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ALL_CODES: InvariantCode[] = [
  'EXACTLY_ONE_PURCHASE', 'DB_MATCHES_TWILIO', 'NO_ORPHANS', 'CONSISTENT_RESPONSES', 'ALL_ONBOARDED', 'NO_SERVER_ERRORS', 'WEBHOOKS_CONSISTENT',
];
const reportDirs: string[] = [];
afterAll(() => {
  for (const dir of reportDirs) rmSync(dir, { recursive: true, force: true });
});

interface CliRun {
  code: number | null;
  stderr: string;
  result: RunResult | null;
  reportDir: string;
}

// Two CLI runs at a time (each starts a cluster, a fake and targets on a shared 2-core machine): the
// integration project's `maxConcurrency: 2` queues the rest, and a test's timeout starts only when it
// runs. A run is stopped only if it falls silent (runExactlyOne's watchdog), never by a whole-run deadline.
async function cli(args: string[]): Promise<CliRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'exactly-one-external-'));
  reportDirs.push(reportDir);
  // Only what a user would set: no EXACTLY_ONE_* from the developer's shell but the child mode.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('EXACTLY_ONE_') || k === 'EXACTLY_ONE_CHILD_MODE'));
  const run = await runExactlyOne([...args, '--report-dir', reportDir], { env, inheritEnv: false });
  if (run.stalled) throw new Error(`exactly-one ${args.join(' ')} fell silent and was stopped; its stderr:\n${run.stderr}`);
  const resultPath = join(reportDir, 'result.json');
  const result = existsSync(resultPath) ? (JSON.parse(readFileSync(resultPath, 'utf8')) as RunResult) : null;
  return { code: run.code, stderr: run.stderr, result, reportDir };
}

function held(scenario: ScenarioResult): Record<string, boolean | null> {
  return Object.fromEntries(scenario.invariants.map((i) => [i.code, i.held]));
}

/** The business ids the run's history used: a violation must name one of them. */
function runBusinessIds(reportDir: string): Set<string> {
  const lines = readFileSync(join(reportDir, 'history.jsonl'), 'utf8').split('\n').filter(Boolean);
  return new Set(lines.map((line) => (JSON.parse(line) as { businessId: string }).businessId));
}

const cmd = (target: string) => ['--target-cmd', `node test/targets/${target}.mjs`];

describe.concurrent('external target (--target-cmd)', () => {
  it('a correct target holds every invariant in concurrent-burst, multi-instance and network-failure, every fault landed', { timeout: 400_000 }, async () => {
    const run = await cli(['run', 'concurrent-burst', 'multi-instance', 'network-failure', ...cmd('correct'), '--businesses', '5', '--seed', '7']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.result!.scenarios.map((s) => [s.name, s.verdict])).toEqual([['concurrent-burst', 'pass'], ['multi-instance', 'pass'], ['network-failure', 'pass']]);
    for (const scenario of run.result!.scenarios) {
      expect(held(scenario), scenario.name).toEqual(Object.fromEntries(ALL_CODES.map((code) => [code, true])));
      expect(scenario.twilio).toMatchObject({ committed: 5, active: 5, orphans: 0 });
    }
    const faults = run.result!.scenarios[2]!.faults;
    expect(faults.map((f) => f.kind).sort()).toEqual(['client-abort', 'commit-then-drop', 'db-sessions-killed-while-paused', 'sigkill-while-paused', 'twilio-503-then-429']);
    for (const fault of faults) expect(fault, fault.kind).toMatchObject({ planned: 1, landed: 1 });
    // The cells' logs are filed under the name the report gives the strategy: external.
    const cellLogs = readdirSync(join(run.reportDir, 'logs'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(cellLogs.length).toBeGreaterThanOrEqual(3);
    for (const name of cellLogs) expect(name).toMatch(/external/);
    expect(cellLogs.filter((name) => name.includes('idempotent'))).toEqual([]);
  });

  // One row per planted defect: what must break, and what must still hold (the defect is small).
  const defects: { target: string; breaks: InvariantCode[]; holds: InvariantCode[]; namesBusiness?: false }[] = [
    { target: 'no-lock', breaks: ['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS'], holds: ['ALL_ONBOARDED', 'NO_SERVER_ERRORS', 'WEBHOOKS_CONSISTENT'] },
    { target: 'check-then-act', breaks: ['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS'], holds: ['ALL_ONBOARDED', 'NO_SERVER_ERRORS', 'WEBHOOKS_CONSISTENT'] },
    { target: 'dangling', breaks: ['DB_MATCHES_TWILIO'], holds: ['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS', 'CONSISTENT_RESPONSES', 'ALL_ONBOARDED', 'NO_SERVER_ERRORS', 'WEBHOOKS_CONSISTENT'] },
    { target: 'saved-typo', breaks: ['DB_MATCHES_TWILIO', 'NO_ORPHANS'], holds: ['EXACTLY_ONE_PURCHASE', 'CONSISTENT_RESPONSES', 'ALL_ONBOARDED', 'NO_SERVER_ERRORS', 'WEBHOOKS_CONSISTENT'] },
    { target: 'spare-number', breaks: ['NO_ORPHANS', 'WEBHOOKS_CONSISTENT'], holds: ['EXACTLY_ONE_PURCHASE', 'DB_MATCHES_TWILIO', 'CONSISTENT_RESPONSES', 'ALL_ONBOARDED', 'NO_SERVER_ERRORS'], namesBusiness: false },
    { target: 'inconsistent-responses', breaks: ['CONSISTENT_RESPONSES'], holds: ALL_CODES.filter((c) => c !== 'CONSISTENT_RESPONSES') },
    { target: 'unlisted-error', breaks: ['CONSISTENT_RESPONSES'], holds: ALL_CODES.filter((c) => c !== 'CONSISTENT_RESPONSES') },
    { target: 'refuses-some', breaks: ['ALL_ONBOARDED'], holds: ALL_CODES.filter((c) => c !== 'ALL_ONBOARDED') },
    { target: 'server-error', breaks: ['NO_SERVER_ERRORS'], holds: ALL_CODES.filter((c) => c !== 'NO_SERVER_ERRORS') },
    { target: 'wrong-webhooks', breaks: ['WEBHOOKS_CONSISTENT'], holds: ALL_CODES.filter((c) => c !== 'WEBHOOKS_CONSISTENT') },
  ];

  for (const { target, breaks, holds, namesBusiness } of defects) {
    it(`${target}.mjs breaks ${breaks.join(' + ')} and exits 1`, { timeout: 400_000 }, async () => {
      const run = await cli(['run', 'concurrent-burst', ...cmd(target), '--businesses', '4', '--seed', '11']);
      expect(run.code, run.stderr).toBe(1);
      const scenario = run.result!.scenarios[0]!;
      expect(scenario.verdict).toBe('fail');
      const codes = held(scenario);
      for (const code of breaks) expect(codes[code], code).toBe(false);
      for (const code of holds) expect(codes[code], code).toBe(true);
      const ids = runBusinessIds(run.reportDir);
      for (const code of breaks) {
        const violations = scenario.invariants.find((i) => i.code === code)!.violations;
        expect(violations.length, code).toBeGreaterThan(0);
        // A planted orphan belongs to no business: its violation says so rather than guess one.
        if (namesBusiness === false) expect(violations.every((v) => v.businessId === null), code).toBe(true);
        else expect(violations.some((v) => v.businessId !== null && ids.has(v.businessId)), code).toBe(true);
      }
      expect(run.stderr).toContain('--target-cmd'); // the re-run command names the target
    });
  }

  it('crashes.mjs: a crash the scenario did not cause breaks NO_SERVER_ERRORS with the target\'s last words', { timeout: 400_000 }, async () => {
    const run = await cli(['run', 'concurrent-burst', ...cmd('crashes'), '--businesses', '4', '--seed', '11']);
    expect(run.code, run.stderr).toBe(1);
    const scenario = run.result!.scenarios[0]!;
    expect(held(scenario)).toMatchObject({ NO_SERVER_ERRORS: false, ALL_ONBOARDED: false, CONSISTENT_RESPONSES: true, WEBHOOKS_CONSISTENT: true });
    const [crash] = scenario.invariants.find((i) => i.code === 'NO_SERVER_ERRORS')!.violations;
    expect(crash!.detail).toContain('crashed unexpectedly');
    expect(crash!.detail).toContain('code 70');
    expect(crash!.detail).toMatch(/fatal: \+1828\d{7} is already provisioned/);
  });

  it('a target that never becomes healthy: exit 3 with its output tail', { timeout: 400_000 }, async () => {
    const run = await cli(['run', 'concurrent-burst', ...cmd('never-healthy'), '--businesses', '2', '--seed', '1']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('E_TARGET_START');
    expect(run.stderr).toContain('waiting for a migration that never finishes');
  });

  it('a --target-cmd that exits at once: exit 3 with its output', { timeout: 400_000 }, async () => {
    const run = await cli(['run', 'concurrent-burst', '--target-cmd', 'echo "no licence for this machine" >&2; exit 7', '--businesses', '2', '--seed', '1']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('E_TARGET_START');
    expect(run.stderr).toContain('no licence for this machine');
  });
});

describe('external target (--target-url)', () => {
  it('network-failure against a running target: control faults skipped with the reason, the others land, every invariant holds', { timeout: 400_000 }, async () => {
    await using database = await createTestDatabase();
    const [targetPort, twilioPort] = [await freePort(), await freePort()];
    const targetUrl = `http://127.0.0.1:${targetPort}`;
    const twilio = { sid: `AC${'5e'.repeat(16)}`, token: 'external-target-token', url: `http://127.0.0.1:${twilioPort}` };
    // Started as a user would start their own app, configured for the fake the harness will start.
    const target = spawn(process.execPath, [join(ROOT, 'test', 'targets', 'correct.mjs')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env, PORT: String(targetPort), DATABASE_URL: database.url, TWILIO_ACCOUNT_SID: twilio.sid, TWILIO_AUTH_TOKEN: twilio.token,
        TWILIO_API_BASE: twilio.url, PUBLIC_BASE_URL: targetUrl, JWT_SECRET: 'external-target-secret', FIXTURES_ENABLED: '1',
        DB_POOL_MAX: '10', TWILIO_TIMEOUT_MS: '2000',
      },
    });
    try {
      const exited = once(target, 'exit').then(() => 'exited');
      const lines = createInterface({ input: target.stdout! });
      const ready = (async () => {
        for await (const line of lines) if (line.startsWith('target listening on')) return 'ready';
        return 'closed';
      })();
      expect(await Promise.race([ready, exited])).toBe('ready');
      const run = await cli(['run', 'network-failure', '--target-url', targetUrl, '--twilio-port', String(twilioPort),
        '--twilio-account-sid', twilio.sid, '--twilio-auth-token', twilio.token, '--public-base-url', targetUrl, '--businesses', '6', '--seed', '5']);
      expect(run.code, run.stderr).toBe(0);
      const scenario = run.result!.scenarios[0]!;
      expect(held(scenario)).toEqual(Object.fromEntries(ALL_CODES.map((code) => [code, true])));
      const byKind = Object.fromEntries(scenario.faults.map((f) => [f.kind, f]));
      for (const kind of ['sigkill-while-paused', 'db-sessions-killed-while-paused']) {
        expect(byKind[kind]?.skipped, kind).toMatch(/--target-url/);
        expect(byKind[kind]?.landed, kind).toBe(0);
      }
      for (const kind of ['commit-then-drop', 'twilio-503-then-429', 'client-abort']) {
        expect(byKind[kind]?.skipped, kind).toBeUndefined();
        expect(byKind[kind]?.landed, kind).toBe(byKind[kind]?.planned);
        expect(byKind[kind]?.planned, kind).toBeGreaterThan(0);
      }
      expect(run.result!.environment.postgres).toBeNull(); // no database of ours in this mode
    } finally {
      target.kill('SIGTERM');
      if (target.exitCode === null && target.signalCode === null) await once(target, 'exit');
    }
  });

  it('the detection-rate bench finds its target in a checkout and fails clearly without one', () => {
    expect(detectionTargetPath(ROOT)).toBe(join(ROOT, 'test', 'targets', 'check-then-act.mjs'));
    const empty = mkdtempSync(join(tmpdir(), 'exactly-one-package-'));
    reportDirs.push(empty);
    expect(() => detectionTargetPath(empty)).toThrow(expect.objectContaining({ code: 'E_DETECTION_TARGET_MISSING' }));
  });
});
