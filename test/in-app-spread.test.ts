import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../model/index.ts';
import { runExactlyOne } from './support/cli-process.ts';

// Issue 18: against the same target, warm-up plus staggered release (the default) lands each
// business's burst inside the app tighter than a cold all-at-once release (--burst-release
// together). An ordering between two runs of one test, never an absolute time.

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function run(extra: string[]): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'exactly-one-in-app-spread-'));
  dirs.push(dir);
  const cli = await runExactlyOne(['run', 'concurrent-burst', '--strategy', 'naive', '--businesses', '5', '--seed', '11', '--report-dir', dir, ...extra]);
  expect(cli.code, cli.stderr).toBe(1); // naive breaks EXACTLY_ONE_PURCHASE either way
  return JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;
}

describe('in-app burst spread', () => {
  it('warm-up and staggered release narrow the spread compared with a cold all-at-once release', { timeout: 180_000 }, async () => {
    const together = (await run(['--burst-release', 'together'])).scenarios[0]!;
    const staggered = (await run([])).scenarios[0]!;

    expect(together.warmUp).toBeUndefined();
    expect(together.burst?.arrivalSpreadMs).not.toBeNull();
    expect(staggered.burst?.arrivalSpreadMs).not.toBeNull();
    expect(staggered.burst!.arrivalSpreadMs!.p50).toBeLessThan(together.burst!.arrivalSpreadMs!.p50);

    // The warm-up's businesses are named, and never judged: the same counts as the cold run, and
    // no violation (naive buys 5 for each of them too) names one of them.
    expect(staggered.warmUp?.businesses).toHaveLength(4);
    expect(staggered.warmUp!.requests).toBe(20);
    expect(staggered.businesses).toBe(together.businesses);
    expect(staggered.requests).toBe(together.requests);
    expect(staggered.twilio.purchases).toBe(together.twilio.purchases);
    const warm = new Set(staggered.warmUp!.businesses);
    const named = staggered.invariants.flatMap((i) => i.violations.map((v) => v.businessId));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((id) => id !== null && warm.has(id))).toEqual([]);
    expect(staggered.invariants.map((i) => [i.code, i.held])).toEqual(together.invariants.map((i) => [i.code, i.held]));
  });
});
