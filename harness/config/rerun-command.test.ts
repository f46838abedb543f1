import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';
import { loadConfig } from './load-config.ts';
import { formatRerunCommand } from './rerun-command.ts';

const cwd = '/nonexistent-exactly-one-dir';

describe('formatRerunCommand', () => {
  it('prints only non-default values, and always the seed', () => {
    const config = loadConfig({ flags: { seed: '42', db: 'embedded', engine: 'undici', strategy: 'naive' }, env: {}, cwd });
    expect(formatRerunCommand('gate', config)).toBe('npx exactly-one gate --strategy naive --seed 42');
  });

  it('carries values from the environment and quotes what the shell would split', () => {
    const config = loadConfig({
      flags: { targetCmd: "node app.js --name 'x'", timeout: '90s', scenario: 'concurrent-burst,rapid-clicks', json: true },
      env: { EXACTLY_ONE_SEED: '7', EXACTLY_ONE_BUSINESSES: '3' },
      cwd,
    });
    expect(formatRerunCommand('run', config)).toBe(
      "npx exactly-one run --scenario concurrent-burst,rapid-clicks --businesses 3 --target-cmd 'node app.js --name '\\''x'\\''' --timeout 90s --json --seed 7",
    );
  });

  it('re-runs one failing attempt: its seed, positionals, no repeat', () => {
    const config = loadConfig({ flags: { untilFail: true, seed: '1' }, env: {}, cwd });
    expect(formatRerunCommand('gate', config)).toBe('npx exactly-one gate --until-fail --seed 1');
    expect(formatRerunCommand('run', config, { positionals: ['incident-replay'], seed: 99 })).toBe('npx exactly-one run incident-replay --seed 99');
  });

  it('leaves out requireBrowser implied by CI=true, keeps it when asked for', () => {
    expect(formatRerunCommand('gate', loadConfig({ flags: { seed: '1' }, env: { CI: 'true' }, cwd }))).toBe('npx exactly-one gate --seed 1');
    expect(formatRerunCommand('gate', loadConfig({ flags: { seed: '1', requireBrowser: true }, env: {}, cwd }))).toBe('npx exactly-one gate --require-browser --seed 1');
  });

  it('round-trips: the printed flags load to the same configuration', () => {
    const config = loadConfig({ flags: { strategy: 'row-lock', businesses: '4', timeScale: '2.5', timeout: '1500ms', seed: '5' }, env: {}, cwd });
    const line = formatRerunCommand('gate', config).split(' ').slice(3);
    const flags: Record<string, string> = {};
    for (let i = 0; i < line.length; i += 2) flags[line[i]!.slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = line[i + 1]!;
    const again = loadConfig({ flags, env: {}, cwd });
    expect({ ...again, sources: {} }).toEqual({ ...config, sources: {} });
  });
});

describe('parseDuration', () => {
  it.each([['90s', 90_000], ['10m', 600_000], ['1h', 3_600_000], ['1500ms', 1500], ['2m30s', 150_000], ['45', 45_000]])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['', 'soon', '10x', '-5s', '0s', '5s junk'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
