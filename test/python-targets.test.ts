import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { findBrowser } from '../harness/drivers/index.ts';
import type { RunResult } from '../model/index.ts';
import { runExactlyOne } from './support/cli-process.ts';

// A target in another language (docs/any-language.md): the Flask + psycopg2 apps of
// test/targets/python/, run by the real CLI with --target-cmd exactly as a user's app would be.
// The correct one must hold every invariant, its own page clicked by Chromium included; the one
// with the planted check-then-act must be caught. They need Debian's python3-flask and python3-psycopg2 under /usr/bin/python3 (the
// python3 first on PATH may be another interpreter without them; PYTHON_TARGETS_INTERPRETER names
// another). Without them the tests are skipped with the reason — except under CI=true, where a
// missing interpreter is a failure, so CI can never go green without having run them.

// Another interpreter that has both packages can be named (e.g. on macOS); Debian's is the default.
const PYTHON = process.env.PYTHON_TARGETS_INTERPRETER || '/usr/bin/python3';
const ALL_CODES = ['EXACTLY_ONE_PURCHASE', 'DB_MATCHES_TWILIO', 'NO_ORPHANS', 'CONSISTENT_RESPONSES', 'ALL_ONBOARDED', 'NO_SERVER_ERRORS', 'WEBHOOKS_CONSISTENT'];
const INSTALL = 'apt-get install -y python3-flask python3-psycopg2';

function missingPython(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} does not exist (${INSTALL})`;
  const probe = spawnSync(PYTHON, ['-c', 'import flask, psycopg2'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status === 0) return null;
  return `${PYTHON} cannot import flask and psycopg2 (${INSTALL}): ${(probe.stderr || probe.error?.message || `exit status ${probe.status}`).trim().split('\n').at(-1)}`;
}

const missing = missingPython();

/** Skips with the reason, or fails under CI=true, when the Python packages are not there. */
function requirePython(ctx: TestContext): void {
  if (missing === null) return;
  if (process.env.CI === 'true') throw new Error(`CI=true and the Python targets cannot run: ${missing}`);
  ctx.skip(missing);
}

const reportDirs: string[] = [];
afterAll(() => {
  for (const dir of reportDirs) rmSync(dir, { recursive: true, force: true });
});

async function runAgainst(app: string, args: string[]): Promise<{ code: number | null; stderr: string; result: RunResult }> {
  const reportDir = mkdtempSync(join(tmpdir(), 'exactly-one-python-'));
  reportDirs.push(reportDir);
  // Only what a user would set: no EXACTLY_ONE_* from the developer's shell but the child mode.
  const env = Object.fromEntries(Object.entries(process.env).map(([k, v]) => [k, k.startsWith('EXACTLY_ONE_') && k !== 'EXACTLY_ONE_CHILD_MODE' ? undefined : v]));
  const run = await runExactlyOne(['run', ...args, '--target-cmd', `${PYTHON} test/targets/python/${app}.py`, '--report-dir', reportDir], { env });
  const resultPath = join(reportDir, 'result.json');
  expect(existsSync(resultPath), `no result.json; stderr:\n${run.stderr}`).toBe(true);
  return { code: run.code, stderr: run.stderr, result: JSON.parse(readFileSync(resultPath, 'utf8')) as RunResult };
}

const heldBy = (scenario: RunResult['scenarios'][number]) => Object.fromEntries(scenario.invariants.map((i) => [i.code, i.held]));

describe('Python targets (Flask + psycopg2) through --target-cmd', () => {
  it('correct.py holds every invariant in concurrent-burst', { timeout: 400_000 }, async (ctx) => {
    requirePython(ctx);
    const run = await runAgainst('correct', ['concurrent-burst', '--businesses', '4', '--seed', '11']);
    expect(run.code, run.stderr).toBe(0);
    const [scenario] = run.result.scenarios;
    expect(scenario!.verdict).toBe('pass');
    expect(heldBy(scenario!)).toEqual(Object.fromEntries(ALL_CODES.map((code) => [code, true])));
    expect(scenario!.twilio).toMatchObject({ committed: 4, active: 4, orphans: 0 });
  });

  it('no_lock.py (check-then-act, no lock) is caught: exit 1 naming EXACTLY_ONE_PURCHASE', { timeout: 400_000 }, async (ctx) => {
    requirePython(ctx);
    const run = await runAgainst('no_lock', ['concurrent-burst', '--businesses', '4', '--seed', '11']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('EXACTLY_ONE_PURCHASE');
    const [scenario] = run.result.scenarios;
    expect(scenario!.verdict).toBe('fail');
    expect(heldBy(scenario!)).toMatchObject({ EXACTLY_ONE_PURCHASE: false, NO_ORPHANS: false, NO_SERVER_ERRORS: true, ALL_ONBOARDED: true, WEBHOOKS_CONSISTENT: true });
    expect(scenario!.twilio.committed).toBeGreaterThan(4);
  });

  it('rapid-clicks: Chromium clicks correct.py\'s own /onboarding.html, one request per business, every invariant holds', { timeout: 400_000 }, async (ctx) => {
    requirePython(ctx);
    // Under CI=true a missing browser is the CLI's exit 3, which this test then reports.
    if (findBrowser() === null && process.env.CI !== 'true') ctx.skip('no Chromium or Chrome on this machine (CHROME_PATH, PATH)');
    const run = await runAgainst('correct', ['rapid-clicks', '--businesses', '3', '--seed', '5']);
    expect(run.code, run.stderr).toBe(0);
    const [scenario] = run.result.scenarios;
    expect(scenario!.driver).toBe('chromium');
    expect(scenario!.requests).toBe(3); // the page sent one request per business, whatever the clicks
    expect(heldBy(scenario!)).toEqual(Object.fromEntries(ALL_CODES.map((code) => [code, true])));
    expect(scenario!.twilio).toMatchObject({ committed: 3, active: 3, orphans: 0 });
    expect(scenario!.metrics?.consoleErrors).toBe(0);
  });

  it('interleavings through the PostgreSQL proxy (psycopg2): correct.py passes every schedule it explores, no_lock.py is caught at schedule 3', { timeout: 400_000 }, async (ctx) => {
    requirePython(ctx);
    const correct = await runAgainst('correct', ['interleavings', '--explore-budget', '30,40s', '--seed', '3']);
    expect(correct.code, correct.stderr).toBe(0);
    expect(correct.result.scenarios[0]!.exploration).toMatchObject({ firstFailing: null, stalled: 0, divergences: 0 });
    expect(correct.result.scenarios[0]!.exploration!.blockedSteps).toBeGreaterThan(0);
    const racy = await runAgainst('no_lock', ['interleavings', '--explore-faults', '0', '--explore-budget', '30,40s', '--seed', '3']);
    expect(racy.code, racy.stderr).toBe(1);
    expect(racy.result.scenarios[0]!.exploration!.firstFailing!.index).toBe(3);
    expect(heldBy(racy.result.scenarios[0]!)).toMatchObject({ EXACTLY_ONE_PURCHASE: false, NO_ORPHANS: false });
  });

  it('correct.py holds every invariant in multi-instance and network-failure, every fault landed', { timeout: 400_000 }, async (ctx) => {
    requirePython(ctx);
    const run = await runAgainst('correct', ['multi-instance', 'network-failure', '--businesses', '5', '--seed', '7']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.result.scenarios.map((s) => [s.name, s.verdict])).toEqual([['multi-instance', 'pass'], ['network-failure', 'pass']]);
    for (const scenario of run.result.scenarios) {
      expect(heldBy(scenario), scenario.name).toEqual(Object.fromEntries(ALL_CODES.map((code) => [code, true])));
      expect(scenario.twilio, scenario.name).toMatchObject({ committed: 5, active: 5, orphans: 0 });
    }
    const faults = run.result.scenarios[1]!.faults;
    expect(faults.map((f) => f.kind).sort()).toEqual(['client-abort', 'commit-then-drop', 'db-sessions-killed-while-paused', 'sigkill-while-paused', 'twilio-503-then-429']);
    for (const fault of faults) expect(fault, fault.kind).toMatchObject({ planned: 1, landed: 1 });
  });
});
