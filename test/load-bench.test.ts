// The load benches end to end, very short: their lines have docs/bench.md's shape and nothing they
// started is left running. Values are not asserted: the benches measure, they do not gate.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { benchHarnessRss } from '../harness/bench/harness-rss.ts';
import { benchLoadMaxRate } from '../harness/bench/load-max-rate.ts';

/** Our children (the stub target, the RSS run) show in ps with these in their command lines. */
function leftRunning(): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' }).split('\n');
  return ps.filter((line) => line.includes(String(process.pid)) && /harness-rss-main|listening ' \+ server/.test(line));
}

describe('the load benches', () => {
  it('load.max_rate_per_s: a search beside autocannon at the same connections', async () => {
    const [line, ...rest] = await benchLoadMaxRate({ quick: true, sizes: { stepS: 0.5, maxSteps: 2, autocannonS: 1 } });
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ name: 'load.max_rate_per_s', unit: 'arrivals/s', connections: 200, goal: 'ratio ≥ 0.8', step_s: 0.5 });
    expect((line!.steps as unknown[]).length).toBe(2);
    expect(line!.autocannon_per_s as number).toBeGreaterThan(0);
    expect(line!.autocannon_runs_per_s).toHaveLength(2);
    if ((line!.value as number) > 0) expect(line!.ratio).toBeCloseTo((line!.value as number) / (line!.autocannon_per_s as number), 2);
    expect(leftRunning()).toEqual([]);
  }, 60_000);

  it('load.harness_rss_mb: the load path in a child process, with its peak and slopes', async () => {
    const [line, ...rest] = await benchHarnessRss({ quick: true, durationS: 4 });
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ name: 'load.harness_rss_mb', unit: 'MB', duration_s: 4, rate: 200, errors: 0, goal: '< 400 MB over 10 min at 200/s' });
    expect(line!.arrivals as number).toBeGreaterThan(700);
    expect((line!.arrivals as number) + (line!.dropped as number)).toBe(800);
    expect(line!.value as number).toBeGreaterThan(line!.retained_mb as number);
    expect(line!.history_mb as number).toBeGreaterThan(0);
    expect(leftRunning()).toEqual([]);
  }, 60_000);
});
