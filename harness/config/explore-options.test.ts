import { describe, expect, it } from 'vitest';
import { exploreSettingsOf, formatExploreBudget, formatSchedule, parseExploreBudget, parseSchedule } from './explore-options.ts';
import { formatRerunCommand } from './rerun-command.ts';
import { loadConfig } from './load-config.ts';

describe('--explore-budget', () => {
  it('reads schedules, a duration, or both, and says what is wrong otherwise', () => {
    expect(parseExploreBudget('300')).toEqual({ schedules: 300 });
    expect(parseExploreBudget('20s')).toEqual({ ms: 20_000 });
    expect(parseExploreBudget('40, 1m')).toEqual({ schedules: 40, ms: 60_000 });
    expect(parseExploreBudget('0')).toMatch(/at least 1/);
    expect(parseExploreBudget('soon')).toMatch(/"soon" is neither/);
    expect(parseExploreBudget('1,2,3')).toMatch(/a number of schedules, a duration, or both/);
    expect(formatExploreBudget({ schedules: 40, ms: 60_000 })).toBe('40,1m');
  });
});

describe('--schedule', () => {
  it('takes the client prefix a failing run prints, and refuses what is not a schedule id', () => {
    expect(parseSchedule('shared-key:r0a9b7068.r1a9b7068')).toEqual({ client: 'shared-key', choices: 'r0a9b7068.r1a9b7068' });
    expect(parseSchedule('r0a9b7068')).toEqual({ client: 'no-key', choices: 'r0a9b7068' });
    expect(parseSchedule('tabs:r0a9b7068')).toMatch(/"tabs" is not a client behaviour/);
    expect(parseSchedule('no-key:x0a9b7068')).toMatch(/not a schedule id/);
    expect(formatSchedule({ client: 'page', choices: 't0q1234ab+1q1234ab' })).toBe('page:t0q1234ab+1q1234ab');
  });
});

describe('exploration settings through the configuration', () => {
  it('fills in the contract defaults, and a command may give its own budget', () => {
    expect(exploreSettingsOf({})).toEqual({ strategy: 'dfs', requests: 2, bound: 2, faults: 1, budget: { schedules: 300, ms: 60_000 }, schedule: null, exploreAll: false });
    expect(exploreSettingsOf({ exploreBudget: { ms: 5_000 } }, { schedules: 60, ms: 12_000 }).budget).toEqual({ schedules: 60, ms: 5_000 });
  });

  it('validates every flag at the edge (exit 2 with the fix) and writes them back into the re-run line', () => {
    const config = loadConfig({
      flags: { exploreRequests: '3', exploreBound: '1', exploreFaults: '0', exploreBudget: '40,30s', schedule: 'page:r0a9b7068', seed: '4' }, env: {},
    });
    expect(exploreSettingsOf(config)).toMatchObject({ requests: 3, bound: 1, faults: 0, budget: { schedules: 40, ms: 30_000 }, schedule: { client: 'page', choices: 'r0a9b7068' } });
    const line = formatRerunCommand('run', config, { positionals: ['interleavings'] });
    expect(line).toContain('--explore-budget 40,30s');
    expect(line).toContain('--schedule page:r0a9b7068');
    expect(() => loadConfig({ flags: { exploreRequests: '5' }, env: {} })).toThrow(/--explore-requests must be a whole number from 1 to 4/);
    expect(() => loadConfig({ flags: { explore: 'random' }, env: {} })).toThrow(/--explore must be one of dfs, pct/);
    expect(() => loadConfig({ flags: { pgProxy: true, targetUrl: 'http://127.0.0.1:3000' }, env: {} })).toThrow(/--pg-proxy .* needs the harness to give the target its database/);
  });
});
