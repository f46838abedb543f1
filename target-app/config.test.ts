import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const base = {
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/app',
  TWILIO_ACCOUNT_SID: 'AC123',
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_API_BASE: 'http://127.0.0.1:4010/',
  PUBLIC_BASE_URL: 'https://app.example.test/',
  JWT_SECRET: 'secret',
};

describe('loadConfig', () => {
  it('applies the defaults of DESIGN §4.3', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      port: 0, strategy: 'idempotent', fixturesEnabled: false, dbPoolMax: 10, rateLimitWindowMs: 60_000,
      twilio: { timeoutMs: 10_000, apiBase: 'http://127.0.0.1:4010' }, publicBaseUrl: 'https://app.example.test',
    });
    expect(config.claimLeaseMs).toBe(30_000);
  });

  it('derives the lease from TWILIO_TIMEOUT_MS unless CLAIM_LEASE_MS is given', () => {
    expect(loadConfig({ ...base, TWILIO_TIMEOUT_MS: '2000' }).claimLeaseMs).toBe(6_000);
    expect(loadConfig({ ...base, TWILIO_TIMEOUT_MS: '2000', CLAIM_LEASE_MS: '500' }).claimLeaseMs).toBe(500);
  });

  it('treats empty variables as unset and FIXTURES_ENABLED=1 as on', () => {
    expect(loadConfig({ ...base, PORT: '', FIXTURES_ENABLED: '1' })).toMatchObject({ port: 0, fixturesEnabled: true });
  });

  it.each([
    ['PORT', '70000'],
    ['DB_POOL_MAX', '0'],
    ['TWILIO_TIMEOUT_MS', '2s'],
    ['ONBOARDING_STRATEGY', 'optimistic'],
    ['FIXTURES_ENABLED', 'yes'],
    ['PUBLIC_BASE_URL', 'app.example.test'],
    ['DATABASE_URL', 'mysql://x'],
  ])('names %s when it is %s', (variable, value) => {
    expect(() => loadConfig({ ...base, [variable]: value })).toThrow(expect.objectContaining({ variable, name: 'ConfigError' }));
  });

  it('names a missing required variable', () => {
    const { JWT_SECRET: _, ...withoutSecret } = base;
    const error = (() => {
      try {
        loadConfig(withoutSecret);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^JWT_SECRET is required/);
  });
});
