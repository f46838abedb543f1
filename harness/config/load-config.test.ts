import { describe, expect, it } from 'vitest';
import { dirWith, usageError } from './config.test-support.ts';
import { loadConfig } from './load-config.ts';

describe('loadConfig', () => {
  it('applies defaults and draws a seed when nothing is given', () => {
    const config = loadConfig({ flags: {}, env: {}, cwd: dirWith() });
    expect(config).toMatchObject({ db: 'embedded', engine: 'undici', containerImage: 'postgres:17-alpine', repeat: 1, untilFail: false, requireBrowser: false });
    expect(Number.isInteger(config.seed)).toBe(true);
    expect(config.configFile).toBeUndefined();
  });

  it('layers config file < env < flags, and records where each value came from', () => {
    const cwd = dirWith({ strategy: 'naive', businesses: 7, concurrency: 3, 'time-scale': 100 });
    const config = loadConfig({
      flags: { strategy: 'row-lock' },
      env: { EXACTLY_ONE_STRATEGY: 'rate-limit', EXACTLY_ONE_BUSINESSES: '9' },
      cwd,
    });
    expect(config.strategy).toBe('row-lock');
    expect(config.businesses).toBe(9);
    expect(config.concurrency).toBe(3);
    expect(config.timeScale).toBe(100);
    expect(config.sources).toMatchObject({ strategy: '--strategy', businesses: 'EXACTLY_ONE_BUSINESSES' });
    expect(config.sources.concurrency).toContain('exactly-one.config.json (key "concurrency")');
  });

  it('parses lists, booleans and durations from strings', () => {
    const config = loadConfig({
      flags: { scenario: 'concurrent-burst, rapid-clicks', untilFail: true, timeout: '2m30s' },
      env: { EXACTLY_ONE_JSON: '1', EXACTLY_ONE_REQUIRE_BROWSER: 'false', CI: 'true' },
      cwd: dirWith(),
    });
    expect(config.scenario).toEqual(['concurrent-burst', 'rapid-clicks']);
    expect(config.json).toBe(true);
    expect(config.requireBrowser).toBe(false); // explicit beats CI=true
    expect(config.timeoutMs).toBe(150_000);
    expect(config.repeat).toBe(100); // --until-fail is bounded
  });

  it('reads a bare number of --timeout as seconds, from any layer', () => {
    expect(loadConfig({ env: {}, cwd: dirWith({ timeout: 90 }) }).timeoutMs).toBe(90_000);
    expect(loadConfig({ env: { EXACTLY_ONE_TIMEOUT: '90' }, cwd: dirWith() }).timeoutMs).toBe(90_000);
  });

  it('CI=true implies requireBrowser', () => {
    const config = loadConfig({ env: { CI: 'true' }, cwd: dirWith() });
    expect(config.requireBrowser).toBe(true);
    expect(config.sources.requireBrowser).toBe('CI=true');
  });

  it.each([
    [{ flags: { businesses: 'abc' } }, 'E_BAD_FLAG', '--businesses', 'abc'],
    [{ flags: { timeScale: '0' } }, 'E_BAD_FLAG', '--time-scale', '0'],
    [{ env: { EXACTLY_ONE_STRATEGY: 'optimistic' } }, 'E_BAD_ENV', 'EXACTLY_ONE_STRATEGY', 'optimistic'],
    [{ flags: { scenario: ['concurrent-burst', 'thundering-herd'] } }, 'E_BAD_FLAG', '--scenario', 'thundering-herd'],
    [{ flags: { db: 'sqlite' } }, 'E_BAD_FLAG', '--db', 'sqlite'],
    [{ flags: { engine: 'wrk' } }, 'E_BAD_FLAG', '--engine', 'wrk'],
    [{ flags: { targetUrl: 'not a url' } }, 'E_BAD_FLAG', '--target-url', 'not a url'],
    [{ flags: { timeout: 'soon' } }, 'E_BAD_FLAG', '--timeout', 'soon'],
    [{ flags: { twilioAccountSid: 'AC123' } }, 'E_BAD_FLAG', '--twilio-account-sid', 'AC123'],
  ])('rejects %o with %s naming the value and its source', (input, code, source, value) => {
    const error = usageError(() => loadConfig({ env: {}, cwd: dirWith(), ...input }));
    expect(error.code).toBe(code);
    expect(error.source).toBe(source);
    expect(error.message).toContain(value);
    expect(error.fix).toContain(source);
  });

  it('names the config file and key of a bad value', () => {
    const cwd = dirWith({ concurrency: -1 });
    const error = usageError(() => loadConfig({ env: {}, cwd }));
    expect(error.code).toBe('E_BAD_CONFIG');
    expect(error.message).toContain('exactly-one.config.json (key "concurrency")');
    expect(error.message).toContain('-1');
  });

  it('rejects unknown config keys with a suggestion, broken JSON, and a missing --config file', () => {
    expect(usageError(() => loadConfig({ env: {}, cwd: dirWith({ strategies: 'naive' }) })).message).toContain('did you mean "strategy"');
    expect(usageError(() => loadConfig({ env: {}, cwd: dirWith('{ nope') })).code).toBe('E_CONFIG_UNREADABLE');
    const missing = usageError(() => loadConfig({ flags: { config: 'nowhere.json' }, env: {}, cwd: dirWith() }));
    expect(missing.code).toBe('E_CONFIG_NOT_FOUND');
    expect(missing.source).toBe('--config');
  });

  it('reads --config <file> instead of the default file', () => {
    const cwd = dirWith({ strategy: 'naive' }, 'ci.json');
    expect(loadConfig({ flags: { config: 'ci.json' }, env: {}, cwd }).strategy).toBe('naive');
  });

  it('never lets a database URL alone select a provider', () => {
    const withoutDb = usageError(() => loadConfig({ flags: { databaseUrl: 'postgres://u@h/db' }, env: {}, cwd: dirWith() }));
    expect(withoutDb.code).toBe('E_DATABASE_URL_WITHOUT_URL_DB');
    const missing = usageError(() => loadConfig({ flags: { db: 'url' }, env: { DATABASE_URL: 'postgres://u@h/db' }, cwd: dirWith() }));
    expect(missing.code).toBe('E_MISSING_DATABASE_URL');
    expect(missing.message).toContain('DATABASE_URL is set');
    const plain = loadConfig({ env: { DATABASE_URL: 'postgres://u@h/db' }, cwd: dirWith() });
    expect(plain.db).toBe('embedded');
    const url = loadConfig({ flags: { db: 'url' }, env: { EXACTLY_ONE_DATABASE_URL: 'postgres://u@h/db' }, cwd: dirWith() });
    expect(url).toMatchObject({ db: 'url', databaseUrl: 'postgres://u@h/db' });
  });

  it('rejects --target-cmd together with --target-url', () => {
    const error = usageError(() => loadConfig({ flags: { targetCmd: 'node app.js', targetUrl: 'http://127.0.0.1:3000' }, env: {}, cwd: dirWith() }));
    expect(error.code).toBe('E_CONFLICTING_TARGETS');
  });
});
