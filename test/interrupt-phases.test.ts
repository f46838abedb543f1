import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../harness/drivers/index.ts';
import { runExactlyOne } from './support/cli-process.ts';
import { accountSid, embeddedDirsOf, processesWith } from './support/leftovers.ts';

// SIGINT and SIGTERM at each phase of a run, reached through the test-only pause hook
// (EXACTLY_ONE_TEST_PAUSE_AT), never by sleeping: exit 130 / 143, a complete report with
// interrupted: true, and nothing left running or on disk.
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const profiles = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('exactly-one-chromium-')));

const PLAN_PHASES = ['start database', 'start fake Twilio', 'create database', 'reset fake Twilio', 'start target', 'seed businesses', 'warm up', 'drive (plan)', 'settle', 'collect evidence', 'write reports'];
const cases: { scenario: string; phase: string; signal: NodeJS.Signals }[] = [
  ...PLAN_PHASES.map((phase) => ({ scenario: 'concurrent-burst', phase, signal: 'SIGINT' as const })),
  ...['start database', 'drive (plan)', 'settle'].map((phase) => ({ scenario: 'concurrent-burst', phase, signal: 'SIGTERM' as const })),
  ...(findBrowser() || process.env.CI === 'true' ? [{ scenario: 'rapid-clicks', phase: 'drive (chromium)', signal: 'SIGINT' as const }] : []),
];

describe('interrupted at every phase', () => {
  for (const { scenario, phase, signal } of cases) {
    it(`${signal} at "${phase}" (${scenario}): exit ${signal === 'SIGINT' ? 130 : 143}, a complete report, nothing left behind`, { timeout: 180_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'exactly-one-phase-'));
      dirs.push(dir);
      const sid = accountSid();
      const before = profiles();
      let pid: number | undefined;
      let paused = false;
      const run = await runExactlyOne(['run', scenario, '--businesses', '2', '--seed', '7', '--twilio-account-sid', sid, '--twilio-auth-token', 'secret', '--report-dir', dir], {
        env: { EXACTLY_ONE_TEST_PAUSE_AT: phase },
        onStderr: (text, child) => {
          pid = child.pid;
          if (!paused && text.includes(`test hook: paused at ${phase}`)) {
            paused = true;
            child.kill(signal);
          }
        },
      });
      expect(paused, run.stderr).toBe(true);
      expect(run.code, run.stderr).toBe(signal === 'SIGINT' ? 130 : 143);
      for (const file of ['result.json', 'junit.xml', 'index.html']) expect(existsSync(join(dir, file)), file).toBe(true);
      const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
      expect(result.interrupted).toBe(true);
      expect(result.verdict).toBe('error');
      expect(processesWith(sid)).toEqual([]);
      expect(embeddedDirsOf(pid)).toEqual([]);
      expect([...profiles()].filter((name) => !before.has(name))).toEqual([]);
    });
  }
});

describe('a violation, then an interruption', () => {
  it('SIGINT in a later cell after an earlier cell found a violation: exit 1, the violation reported, interrupted: true', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exactly-one-phase-'));
    dirs.push(dir);
    const sid = accountSid();
    let pid: number | undefined;
    let paused = false;
    // naive buys a number per request of a burst: the first cell fails; the run is stopped when the
    // second cell starts its target.
    const run = await runExactlyOne(['run', 'concurrent-burst', 'multi-instance', '--strategy', 'naive', '--businesses', '6', '--seed', '7', '--twilio-account-sid', sid, '--twilio-auth-token', 'secret', '--report-dir', dir], {
      env: { EXACTLY_ONE_TEST_PAUSE_AT: 'start target@2' },
      onStderr: (text, child) => {
        pid = child.pid;
        if (!paused && text.includes('test hook: paused at start target@2')) {
          paused = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(paused, run.stderr).toBe(true);
    expect(run.code, run.stderr).toBe(1);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(result.interrupted).toBe(true);
    expect(result.verdict).toBe('fail');
    expect(result.scenarios.map((s: { name: string; verdict: string }) => [s.name, s.verdict])).toEqual([['concurrent-burst', 'fail']]);
    expect(run.stderr).toContain('EXACTLY_ONE_PURCHASE');
    expect(run.stderr).toMatch(/re-run: .*--strategy naive/);
    expect(processesWith(sid)).toEqual([]);
    expect(embeddedDirsOf(pid)).toEqual([]);
  });
});
