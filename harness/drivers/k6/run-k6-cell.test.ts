// runK6Cell's process handling with a stand-in for k6 (k6 cannot be installed here): a shell
// script that records its arguments and writes the k6 documentation's real JSON output sample
// where --out json= points. What k6 itself does with the scripts is not tested here.
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isEnvironmentError } from '../../errors.ts';
import { findK6, k6MissingError } from './find-k6.ts';
import { executionSegments, runK6Cell, writeK6Fixtures } from './run-k6-cell.ts';

const SAMPLE = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'k6', 'k6-docs-json-output.jsonl');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function standIn(exitCode: number, sleepS = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'k6-stand-in-'));
  dirs.push(dir);
  copyFileSync(SAMPLE, join(dir, 'sample.jsonl'));
  const bin = join(dir, 'k6');
  writeFileSync(bin, `#!/bin/sh
echo "$$ $*" >> "${dir}/calls"
for a in "$@"; do case "$a" in json=*) cp "${dir}/sample.jsonl" "\${a#json=}";; esac; done
echo "running"
[ ${sleepS} -gt 0 ] && sleep ${sleepS}
exit ${exitCode}
`);
  chmodSync(bin, 0o755);
  return { dir, bin, calls: () => readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') };
}

async function cell(bin: string, extra: { segments?: number; signal?: AbortSignal; readLoad?: boolean; summaryExport?: boolean } = {}) {
  const runDir = mkdtempSync(join(tmpdir(), 'k6-run-'));
  dirs.push(runDir);
  const fixturesFile = join(runDir, 'fixtures.json');
  await writeK6Fixtures(fixturesFile, { version: 1, scenario: 'concurrent-burst', seed: 1, strategy: 'naive', variant: 'buggy', areaCode: '828', businesses: [{ id: 'b', name: 'B', ownerToken: 't' }] });
  return runK6Cell({ script: 'scenarios/k6/concurrent-burst.ts', fixturesFile, targetUrl: 'http://127.0.0.1:1', runDir, k6Binary: bin, startDelayMs: 0, ...extra });
}

describe('runK6Cell', () => {
  it('splits the run in execution segments, one k6 each, and reads every output back', async () => {
    const k6 = standIn(0);
    const result = await cell(k6.bin, { segments: 3 });
    const calls = k6.calls();
    expect(calls).toHaveLength(3);
    for (const segment of ['0:1/3', '1/3:2/3', '2/3:1']) expect(calls.some((c) => c.includes(`--execution-segment ${segment} `))).toBe(true);
    for (const call of calls) {
      expect(call).toContain('--execution-segment-sequence 0,1/3,2/3,1');
      expect(call).toContain('--no-usage-report');
      expect(call).toMatch(/-e FIXTURES=\/\S+fixtures\.json -e TARGET_URL=http:\/\/127\.0\.0\.1:1 -e START_AT_MS=\d+ /);
      expect(call).toMatch(/scenarios\/k6\/concurrent-burst\.ts$/);
    }
    expect(result.thresholdsFailed).toBe(false);
    expect(result.operations).toHaveLength(3);
    expect(result.processes.every((p) => p.exitCode === 0 && existsSync(p.logFile))).toBe(true);
  });

  it('adds up the load metrics of every segment only when asked (sustained-load)', async () => {
    const k6 = standIn(0);
    const result = await cell(k6.bin, { segments: 2, readLoad: true });
    // The docs' sample: one vus reading of 5 and a GET that is not an onboarding request.
    expect(result.load).toEqual({ arrivals: 0, dropped: 0, latenciesMs: [], requests: 0, errors: 0, peakVus: 5 });
    expect((await cell(k6.bin)).load).toBeUndefined();
  });

  it('asks each process for its summary export when told, and says null where none was written', async () => {
    const k6 = standIn(0);
    const result = await cell(k6.bin, { segments: 2, summaryExport: true });
    expect(k6.calls().every((c) => /--summary-export=\S+\/k6\/k6-summary-[01]\.json /.test(c))).toBe(true);
    expect(result.summaries).toEqual([null, null]);
    const plain = standIn(0);
    expect((await cell(plain.bin)).summaries).toBeUndefined();
    expect(plain.calls()[0]).not.toContain('--summary-export');
  });

  it('runs one process without segment flags by default', async () => {
    const k6 = standIn(0);
    await cell(k6.bin);
    expect(k6.calls()).toHaveLength(1);
    expect(k6.calls()[0]).not.toContain('--execution-segment');
  });

  it("reports k6's threshold exit (99) as a finding, any other failure as E_K6_FAILED with the log", async () => {
    expect((await cell(standIn(99).bin)).thresholdsFailed).toBe(true);
    const error = await cell(standIn(107).bin).catch((e: unknown) => e);
    expect(isEnvironmentError(error) && error.code).toBe('E_K6_FAILED');
    expect((error as Error).message).toContain('running');
  });

  it('stops k6 when the run is aborted', async () => {
    const k6 = standIn(0, 30);
    const controller = new AbortController();
    const running = cell(k6.bin, { signal: controller.signal });
    // The shell creates `calls` (>>) before it writes its line: wait for the line, or the pid read below is 0.
    while (!existsSync(join(k6.dir, 'calls')) || !readFileSync(join(k6.dir, 'calls'), 'utf8').includes('\n')) await new Promise((r) => setImmediate(r));
    controller.abort(new Error('Ctrl-C'));
    await expect(running).rejects.toThrow('Ctrl-C');
    const pid = Number(k6.calls()[0]!.split(' ')[0]);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('splits segments exactly', () => {
    expect(executionSegments(1)).toEqual({ segments: ['0:1'], sequence: '0,1' });
    expect(executionSegments(2)).toEqual({ segments: ['0:1/2', '1/2:1'], sequence: '0,1/2,1' });
    expect(() => executionSegments(0)).toThrow(RangeError);
  });
});

describe('findK6', () => {
  it('takes K6_BINARY, then PATH, and says how to get k6 when there is none', () => {
    const k6 = standIn(0);
    expect(findK6({ K6_BINARY: k6.bin })).toBe(k6.bin);
    expect(findK6({ PATH: k6.dir })).toBe(k6.bin);
    expect(findK6({ K6_BINARY: join(k6.dir, 'nope'), PATH: k6.dir })).toBeNull();
    expect(findK6({ PATH: '/nonexistent' })).toBeNull();
    const error = k6MissingError({});
    expect(error.code).toBe('E_NO_K6');
    expect(error.fix).toContain("k6's installation docs");
    expect(error.fix).toContain('K6_BINARY');
  });
});
