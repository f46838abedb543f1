// `run sustained-load --engine k6` wired end to end with a stand-in for k6 (k6 cannot be installed
// here): the stand-in records its arguments, keeps a copy of the fixtures it was handed and writes
// an empty JSON output, as a k6 that sent nothing would, and a summary export judging one
// threshold (from the k6 repository's sample). What is checked is the harness's side —
// the driver chosen, the fixtures' profile and arrival plan, the script's environment, result.json's
// `load`, thresholds judged by k6 where it did and by the harness elsewhere (exit 1), and the settle step judging every seeded business.
// What k6 itself sends is not tested here (see scenarios/k6/README.md).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturesProblem, type K6Fixtures } from '../scenarios/k6/k6-fixtures.ts';
import { runExactlyOne } from './support/cli-process.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

/** k6's verdict on the arrivals count: the k6 repository's expected summary export (http_reqs, count 3, failed), renamed to our metric. */
function summaryExport(): string {
  const sample = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'k6', 'k6-repo-summary-export.json'), 'utf8')) as { metrics: Record<string, { thresholds: Record<string, boolean> }> };
  const counter = sample.metrics.http_reqs!;
  return JSON.stringify({ metrics: { exactly_one_arrivals: { ...counter, thresholds: { 'count>=2': Object.values(counter.thresholds)[0] } } } });
}

function standInK6(): { bin: string; dir: string } {
  const dir = tempDir('k6-stand-in-');
  const bin = join(dir, 'k6');
  writeFileSync(join(dir, 'summary.json'), summaryExport());
  writeFileSync(bin, `#!/bin/sh
echo "$*" >> "${dir}/calls"
for a in "$@"; do case "$a" in
  json=*) : > "\${a#json=}";;
  --summary-export=*) cp "${dir}/summary.json" "\${a#--summary-export=}";;
  FIXTURES=*) cp "\${a#FIXTURES=}" "${dir}/fixtures.json";;
esac; done
exit 0
`);
  chmodSync(bin, 0o755);
  return { bin, dir };
}

describe('sustained-load --engine k6 (stand-in k6)', () => {
  it('hands k6 the profile and the planned arrivals, and judges the thresholds on what k6 reported', { timeout: 150_000 }, async () => {
    const k6 = standInK6();
    const reportDir = tempDir('exactly-one-k6-load-');
    const run = await runExactlyOne([
      'run', 'sustained-load', '--strategy', 'idempotent', '--engine', 'k6', '--rate', '2', '--duration', '2s', '--max-in-flight', '7',
      '--threshold', 'achieved_rate>=1', '--threshold', 'dropped<1', '--seed', '5', '--report-dir', reportDir,
    ], { env: { K6_BINARY: k6.bin } });
    expect(run.stderr).not.toMatch(/E_K6|our bug/);
    // Nothing was sent, so the achieved rate is 0: a failed threshold is exit 1.
    expect(run.code).toBe(1);

    const [call] = readFileSync(join(k6.dir, 'calls'), 'utf8').trim().split('\n');
    expect(call).toMatch(/-e TARGET_URLS=http:\/\/127\.0\.0\.1:\d+ -e SEGMENTS=1 /);
    expect(call).toMatch(/--summary-export=\S+k6-summary\.json /);
    expect(call).toMatch(/scenarios\/k6\/sustained-load\.ts$/);

    const fixtures = JSON.parse(readFileSync(join(k6.dir, 'fixtures.json'), 'utf8')) as K6Fixtures;
    expect(fixturesProblem(fixtures)).toBeNull();
    expect(fixtures.scenario).toBe('sustained-load');
    expect(fixtures.businesses).toHaveLength(4);
    expect(fixtures.load).toMatchObject({
      stages: [{ durationS: 0, target: 2 }, { durationS: 2, target: 2 }], maxInFlight: 7, abortOnFail: false,
      thresholds: [{ expression: 'achieved_rate>=1', metric: 'achieved_rate', op: '>=', value: 1 }, { expression: 'dropped<1' }],
    });
    expect(fixtures.load!.arrivals).toHaveLength(4);

    const result = JSON.parse(readFileSync(join(reportDir, 'result.json'), 'utf8')) as {
      environment: { engine: string };
      scenarios: { driver: string; businesses: unknown[]; invariants: { code: string; held: boolean | null }[]; load: Record<string, unknown> }[];
    };
    const [cell] = result.scenarios;
    expect(result.environment.engine).toBe('k6');
    expect(cell!.driver).toBe('k6');
    expect(cell!.load).toMatchObject({
      stages: [{ durationS: 0, target: 2 }, { durationS: 2, target: 2 }], arrivals: 0, dropped: 0, maxInFlight: 7, achievedRatePerS: 0, series: [],
      // achieved_rate: k6's verdict and count (3 over the 2 s profile) from its summary; dropped<1: k6 said nothing, the harness judged it.
      thresholds: [{ expression: 'achieved_rate>=1', value: 1.5, ok: false }, { expression: 'dropped<1', value: 0, ok: true }],
    });
    // The settle step onboarded the four seeded businesses: each bought exactly one number.
    expect(cell!.invariants.find((i) => i.code === 'EXACTLY_ONE_PURCHASE')?.held).toBe(true);
  });
});
