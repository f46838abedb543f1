import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../model/index.ts';
import { runExactlyOne } from './support/cli-process.ts';
import { resultSchemaErrors } from './support/result-schema.ts';
import { findBrowser } from '../harness/drivers/index.ts';

// The merge gate end to end, as CI runs it: real embedded PostgreSQL, the fake Twilio and the
// target app as child processes, realistic purchase latency.

const dirs: string[] = [];
const reportDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'exactly-one-gate-test-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const readResult = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;

describe('exactly-one gate', () => {
  it('passes against idempotent: exit 0, every invariant held in the five gate scenarios, every planned fault landed, the interleavings explored', { timeout: 180_000 }, async () => {
    const dir = reportDir();
    const run = await runExactlyOne(['gate', '--seed', '11', '--report-dir', dir]);
    expect(run.stderr).toContain('PASS');
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const result = readResult(dir);
    expect(resultSchemaErrors(result)).toEqual([]);
    expect(result.verdict).toBe('pass');
    expect(result.scenarios.filter((s) => s.verdict !== 'skipped').map((s) => s.name)).toEqual(['concurrent-burst', 'rapid-clicks', 'network-failure', 'multi-instance', 'interleavings']);
    for (const scenario of result.scenarios.filter((s) => s.verdict !== 'skipped')) {
      expect(scenario.invariants.map((i) => [i.code, i.held])).toEqual(scenario.invariants.map((i) => [i.code, true]));
      expect(scenario.twilio.committed).toBe(scenario.businesses);
    }
    // With a browser on the machine (CI installs Chromium), rapid-clicks clicks the real page.
    const clicks = result.scenarios.find((s) => s.name === 'rapid-clicks')!;
    expect(clicks.driver).toBe(findBrowser() ? 'chromium' : 'undici');
    if (findBrowser()) expect(result.environment.browser).toMatch(/^\d+\./);
    const faults = result.scenarios.find((s) => s.name === 'network-failure')!.faults;
    expect(faults.map((f) => f.kind).sort()).toEqual(['client-abort', 'commit-then-drop', 'db-sessions-killed-while-paused', 'sigkill-while-paused', 'twilio-503-then-429']);
    for (const fault of faults) expect(fault.landed, fault.kind).toBe(fault.planned);
    // interleavings explores within the gate's own budget (60 schedules or 12 s) and finds nothing.
    const explored = result.scenarios.find((s) => s.name === 'interleavings')!.exploration!;
    expect(explored).toMatchObject({ budget: { schedules: 60, ms: 12_000 }, firstFailing: null });
    expect(explored.schedules).toBeGreaterThan(3);
    const history = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    // The warm-up's requests are in the history too, marked, and counted apart from the judged ones.
    const warmUp = history.filter((op) => op.client === 'warm-up');
    expect(history.length - warmUp.length).toBe(result.scenarios.reduce((n, s) => n + s.requests, 0));
    expect(warmUp.length).toBe(result.scenarios.reduce((n, s) => n + (s.warmUp?.requests ?? 0), 0));
    expect(warmUp.length).toBeGreaterThan(0);
  });

  it('passes with the PostgreSQL proxy passing everything through in every scenario (--pg-proxy): the proxy is transparent', { timeout: 180_000 }, async () => {
    const dir = reportDir();
    const run = await runExactlyOne(['gate', '--pg-proxy', '--seed', '11', '--report-dir', dir]);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const result = readResult(dir);
    for (const scenario of result.scenarios.filter((s) => s.verdict !== 'skipped')) {
      expect(scenario.invariants.map((i) => [i.code, i.held]), scenario.name).toEqual(scenario.invariants.map((i) => [i.code, true]));
      // Each cell's proxy was started (its task is timed) in front of that cell's database.
      expect(scenario.metrics?.['task.startPostgreSQLProxyMs'], scenario.name).toBeGreaterThan(0);
    }
    // network-failure's faults go through it too: sessions terminated under the proxy, SIGKILL while paused.
    const faults = result.scenarios.find((s) => s.name === 'network-failure')!.faults;
    for (const fault of faults) expect(fault.landed, fault.kind).toBe(fault.planned);
  });

  it('fails against naive: exit 1, EXACTLY_ONE_PURCHASE broken, and the command that re-runs it is printed', { timeout: 180_000 }, async () => {
    const dir = reportDir();
    const run = await runExactlyOne(['gate', '--strategy', 'naive', '--seed', '12', '--report-dir', dir]);
    expect(run.code, run.stderr.slice(-3000)).toBe(1);
    expect(run.stderr).toMatch(/re-run: npx exactly-one gate --strategy naive .*--seed 12/);
    const result = readResult(dir);
    expect(resultSchemaErrors(result)).toEqual([]);
    expect(result.verdict).toBe('fail');
    const burst = result.scenarios.find((s) => s.name === 'concurrent-burst')!;
    const exactlyOne = burst.invariants.find((i) => i.code === 'EXACTLY_ONE_PURCHASE')!;
    expect(exactlyOne.held).toBe(false);
    expect(exactlyOne.violations.length).toBeGreaterThan(0);
    expect(exactlyOne.violations[0]!.businessId).toMatch(/^[0-9a-f-]{36}$/);
    expect(burst.twilio.committed).toBeGreaterThan(burst.businesses);
  });
});
