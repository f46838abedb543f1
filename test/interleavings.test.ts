// Scenario interleavings through the real CLI against the real target-app: the PostgreSQL proxy
// between the app and its database, arrivals and Twilio calls held, the bounded search, the
// failing schedule in result.json and the report, --schedule replaying it, and the cases where it
// must not run (a --target-url target, --explore pct). The matrix runs every strategy's cell.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult, ScenarioResult } from '../model/index.ts';
import { runExactlyOne } from './support/cli-process.ts';
import { resultSchemaErrors } from './support/result-schema.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function explore(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'exactly-one-interleavings-'));
  dirs.push(dir);
  const cli = await runExactlyOne(['run', 'interleavings', '--report-dir', dir, ...args]);
  const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;
  const cell = result.scenarios[0] as ScenarioResult;
  return { cli, result, cell, html: readFileSync(join(dir, 'index.html'), 'utf8') };
}

const broken = (cell: ScenarioResult) => cell.invariants.filter((i) => i.held === false).map((i) => i.code);

describe('interleavings against the target-app', () => {
  it('naive with no dropped response: the race needs one preemption, is found in pass 1, and its schedule replays', { timeout: 240_000 }, async () => {
    const flags = ['--strategy', 'naive', '--explore-faults', '0', '--explore-budget', '30,60s', '--seed', '3'];
    const found = await explore(flags);
    expect(found.cli.code, found.cli.stderr).toBe(1);
    expect(resultSchemaErrors(found.result)).toEqual([]);
    const e = found.cell.exploration!;
    expect(e).toMatchObject({ strategy: 'dfs', requests: 2, bound: 2, faults: 0 });
    // The two sequential orders (0 preemptions) pass; the first failing schedule interleaves the two requests.
    expect(e.firstFailing!.index).toBeGreaterThan(2);
    const steps = e.minimal!.steps;
    expect(steps.filter((s) => s.kind === 'arrival').map((s) => s.lane).sort()).toEqual([0, 1]);
    expect(steps.filter((s) => s.kind === 'twilio').length).toBeGreaterThanOrEqual(2);
    expect(steps.some((s) => s.how === 'dropped')).toBe(false);
    expect(broken(found.cell)).toEqual(expect.arrayContaining(['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS']));
    expect(found.cli.stderr).toContain(`--schedule ${e.firstFailing!.id}`);
    expect(found.html).toContain('The failing schedule');
    expect(found.html).toContain(`--schedule ${e.firstFailing!.id}`);

    for (let i = 0; i < 2; i++) {
      const replay = await explore([...flags, '--schedule', e.firstFailing!.id]);
      expect(replay.cli.code, replay.cli.stderr).toBe(1);
      expect(replay.cell.exploration).toMatchObject({ schedules: 1, divergence: null, firstFailing: { id: e.firstFailing!.id } });
      expect(broken(replay.cell)).toEqual(expect.arrayContaining(['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS']));
    }
  });

  it('row-lock with no dropped response: every order passes, its second request recorded blocked on the row lock', { timeout: 240_000 }, async () => {
    const { cli, cell } = await explore(['--strategy', 'row-lock', '--explore-faults', '0', '--explore-bound', '1', '--explore-budget', '12,60s', '--seed', '4']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cell.exploration!.firstFailing).toBeNull();
    expect(cell.exploration!.schedules).toBeGreaterThanOrEqual(3);
    expect(cell.exploration!.blockedSteps).toBeGreaterThan(0);
  });

  it('idempotent, searched to the bound twice with the same settings: no violation, and the same number of schedules', { timeout: 240_000 }, async () => {
    const flags = ['--strategy', 'idempotent', '--explore-bound', '0', '--explore-budget', '40,90s', '--seed', '5'];
    const first = await explore(flags);
    const second = await explore(flags);
    for (const run of [first, second]) {
      expect(run.cli.code, run.cli.stderr).toBe(0);
      expect(run.cell.exploration).toMatchObject({ exhausted: true, firstFailing: null, minimal: null });
    }
    expect(second.cell.exploration!.schedules).toBe(first.cell.exploration!.schedules);
    // A dropped purchase response is among the choices (faults 1): more than the sequential orders ran.
    expect(first.cell.exploration!.schedules).toBeGreaterThan(3 * 2);
  });
});

describe('interleavings where it cannot or must not run', () => {
  it('is skipped with the reason under --target-url, before anything is sent', async () => {
    const { cli, cell } = await explore(['--target-url', 'http://127.0.0.1:9', '--public-base-url', 'http://127.0.0.1:9']);
    expect(cell.verdict).toBe('skipped');
    expect(cell.skipReason).toMatch(/--target-url.*PostgreSQL proxy/);
    expect(cli.code, cli.stderr).toBe(3);
  });

  it('--explore pct is refused with exit 2 before anything starts (not in this version)', async () => {
    const cli = await runExactlyOne(['run', 'interleavings', '--explore', 'pct']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('E_EXPLORE_PCT_UNAVAILABLE');
  });
});
