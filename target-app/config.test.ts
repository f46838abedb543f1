import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const base = {
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/app',
  TWILIO_ACCOUNT_SID: 'AC123',
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_API_BASE: 'http://127.0.0.1:4010/',
  PUBLIC_BASE_URL: 'https://app.example.test/',
  JWT_SECRET: 'a-secret-of-at-least-thirty-two-bytes',
};

describe('loadConfig', () => {
  it('applies the defaults of docs/target-contract.md', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      port: 0, strategy: 'idempotent', fixturesEnabled: false, dbPoolMax: 10, rateLimitWindowMs: 60_000,
      twilio: { timeoutMs: 10_000, apiBase: 'http://127.0.0.1:4010' }, publicBaseUrl: 'https://app.example.test',
    });
    expect(config.claimLeaseMs).toBe(30_000);
    expect(config.jwtMaxLifetimeS).toBe(7 * 24 * 60 * 60);
    expect(loadConfig({ ...base, JWT_MAX_LIFETIME_S: '3600' }).jwtMaxLifetimeS).toBe(3600);
  });

  it('refuses a JWT_SECRET under 32 bytes, counting bytes not characters, without echoing it', () => {
    for (const short of ['q7', 'k'.repeat(31), 'é'.repeat(15)]) {
      let error: unknown;
      try {
        loadConfig({ ...base, JWT_SECRET: short });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toMatch(/^JWT_SECRET must be at least 32 bytes \(generate one with: openssl rand -hex 32\) \(got \d+ bytes\)$/);
      expect(message).not.toContain(short);
    }
    expect(loadConfig({ ...base, JWT_SECRET: 'x'.repeat(32) }).jwtSecret).toHaveLength(32);
    expect(loadConfig({ ...base, JWT_SECRET: 'é'.repeat(16) }).jwtSecret).toHaveLength(16); // 32 bytes in UTF-8
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
    ['JWT_MAX_LIFETIME_S', '0'],
    ['JWT_MAX_LIFETIME_S', '7d'],
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
