import { describe, expect, it } from 'vitest';
import { dirWith, usageError } from './config.test-support.ts';
import { loadConfig } from './load-config.ts';
import { loadSettingsOf, parseStages, parseThreshold, stagesOf } from './load-options.ts';

describe('parseStages', () => {
  it('reads k6-style <duration>:<rate> stages, including 0 s jumps', () => {
    expect(parseStages('30s:10, 1m:50,10s:0')).toEqual([{ durationS: 30, target: 10 }, { durationS: 60, target: 50 }, { durationS: 10, target: 0 }]);
    expect(parseStages('0s:20,1m30s:20')).toEqual([{ durationS: 0, target: 20 }, { durationS: 90, target: 20 }]);
  });

  it('names the stage that is wrong', () => {
    expect(parseStages('30s:10,fast:5')).toBe('stage "fast:5" has no valid duration ("fast")');
    expect(parseStages('30s')).toBe('stage "30s" is not <duration>:<rate>');
    expect(parseStages('30s:-1')).toBe('stage "30s:-1" is not <duration>:<rate>');
    expect(parseStages('0s:10')).toMatch(/nothing would be sent/);
  });
});

describe('parseThreshold', () => {
  it('reads every metric and operator', () => {
    expect(parseThreshold('p95 < 1500')).toEqual({ expression: 'p95<1500', metric: 'p95', op: '<', value: 1500 });
    expect(parseThreshold('error_rate<=0.01')).toMatchObject({ metric: 'error_rate', op: '<=', value: 0.01 });
    expect(parseThreshold('achieved_rate>=9.5')).toMatchObject({ metric: 'achieved_rate', op: '>=', value: 9.5 });
    expect(parseThreshold('dropped>0')).toMatchObject({ metric: 'dropped', op: '>', value: 0 });
  });

  it('refuses unknown metrics, operators and values', () => {
    expect(parseThreshold('p42<10')).toMatch(/names no known metric \("p42"\)/);
    expect(parseThreshold('p95=<10')).toMatch(/is not <metric><op><number>/);
    expect(parseThreshold('p95<fast')).toMatch(/is not/);
  });
});

describe('load profile flags through loadConfig', () => {
  it('defaults to a 5 s ramp to 10/s, then 10 s at 10/s, 200 in flight, 30 % duplicates', () => {
    const settings = loadSettingsOf(loadConfig({ flags: {}, env: {}, cwd: dirWith() }));
    expect(settings).toEqual({ stages: [{ durationS: 5, target: 10 }, { durationS: 10, target: 10 }], maxInFlight: 200, duplicates: 0.3, thresholds: [], abortOnFail: false });
  });

  it('--rate with --duration is a constant rate from the first instant', () => {
    const config = loadConfig({ flags: { rate: '50/s', duration: '2m' }, env: {}, cwd: dirWith() });
    expect(loadSettingsOf(config).stages).toEqual([{ durationS: 0, target: 50 }, { durationS: 120, target: 50 }]);
    expect(stagesOf({ rate: 5, stages: [{ durationS: 10, target: 20 }] })).toEqual([{ durationS: 0, target: 5 }, { durationS: 10, target: 20 }]);
  });

  it('collects repeated thresholds from flags, env and the config file, flags winning', () => {
    const fromFlags = loadConfig({ flags: { threshold: ['p95<1500', 'error_rate<0.01'] }, env: { EXACTLY_ONE_THRESHOLD: 'p99<1' }, cwd: dirWith() });
    expect(fromFlags.thresholds!.map((t) => t.expression)).toEqual(['p95<1500', 'error_rate<0.01']);
    const fromEnv = loadConfig({ flags: {}, env: { EXACTLY_ONE_THRESHOLD: 'p99<2000,dropped<=0', EXACTLY_ONE_MAX_IN_FLIGHT: '50', EXACTLY_ONE_ABORT_ON_FAIL: 'true' }, cwd: dirWith() });
    expect(fromEnv.thresholds!.map((t) => t.expression)).toEqual(['p99<2000', 'dropped<=0']);
    expect(fromEnv).toMatchObject({ maxInFlight: 50, abortOnFail: true });
    const fromFile = loadConfig({ flags: {}, env: {}, cwd: dirWith({ threshold: ['max<5000'], stages: '10s:5', duplicates: 0 }) });
    expect(loadSettingsOf(fromFile)).toMatchObject({ stages: [{ durationS: 10, target: 5 }], duplicates: 0, thresholds: [{ expression: 'max<5000' }] });
  });

  it('names the bad value, where it came from, and why', () => {
    const bad = usageError(() => loadConfig({ flags: { threshold: ['p95<1500', 'p95=<1'] }, env: {}, cwd: dirWith() }));
    expect(bad).toMatchObject({ code: 'E_BAD_FLAG', source: '--threshold' });
    expect(bad.message).toContain('"p95=<1" is not <metric><op><number>');
    const env = usageError(() => loadConfig({ flags: {}, env: { EXACTLY_ONE_STAGES: '30s:10,soon:5' }, cwd: dirWith() }));
    expect(env).toMatchObject({ code: 'E_BAD_ENV', source: 'EXACTLY_ONE_STAGES' });
    expect(env.message).toContain('stage "soon:5" has no valid duration');
    expect(usageError(() => loadConfig({ flags: { duplicates: '1.5' }, env: {}, cwd: dirWith() })).message).toContain('a number from 0 to 1');
    expect(usageError(() => loadConfig({ flags: { rate: '0' }, env: {}, cwd: dirWith() })).code).toBe('E_BAD_FLAG');
    expect(usageError(() => loadConfig({ flags: { stages: '10s:5', duration: '1m' }, env: {}, cwd: dirWith() })).code).toBe('E_CONFLICTING_LOAD_PROFILE');
  });
});

describe('the re-run command', () => {
  it('writes the load profile back as flags', async () => {
    const { formatRerunCommand } = await import('./rerun-command.ts');
    const config = loadConfig({ flags: { stages: '30s:10,1m:50', threshold: ['p95<1500', 'dropped<=0'], maxInFlight: '20', duplicates: '0.5', seed: '7' }, env: {}, cwd: dirWith() });
    const line = formatRerunCommand('run', config, { positionals: ['sustained-load'] });
    expect(line).toContain("--stages 30s:10,60s:50");
    expect(line).toContain("--threshold 'p95<1500,dropped<=0'");
    expect(line).toContain('--max-in-flight 20 --duplicates 0.5');
    const constant = loadConfig({ flags: { rate: '5', duration: '90s' }, env: {}, cwd: dirWith() });
    expect(formatRerunCommand('run', constant)).toContain('--rate 5 --duration 90s');
  });
});
