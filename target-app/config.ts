// The app's whole configuration comes from the environment the harness gives a target
// (docs/target-contract.md), parsed once here. An invalid value stops the process with exit 2 and names
// the variable, so a misconfigured launch never looks like a flaky test.
import { z } from 'zod';

export const STRATEGY_NAMES = ['idempotent', 'naive', 'row-lock', 'memory-dedupe', 'rate-limit'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export interface AppConfig {
  port: number;
  databaseUrl: string;
  twilio: { accountSid: string; authToken: string; apiBase: string; timeoutMs: number };
  publicBaseUrl: string;
  strategy: StrategyName;
  jwtSecret: string;
  /** The longest an owner token may live (exp − iat), and how long the app's own tokens last. */
  jwtMaxLifetimeS: number;
  fixturesEnabled: boolean;
  dbPoolMax: number;
  claimLeaseMs: number;
  rateLimitWindowMs: number;
}

export class ConfigError extends Error {
  readonly code = 'INVALID_ENVIRONMENT';
  constructor(readonly variable: string, detail: string) {
    super(`${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));

/** HS256 needs a key at least as long as its 256-bit output (RFC 7518 §3.2). */
export const MIN_JWT_SECRET_BYTES = 32;
/** Seven days: long soaks and the onboarding links a run prints keep working. */
export const DEFAULT_JWT_MAX_LIFETIME_S = 7 * 24 * 60 * 60;
/** Secrets are never echoed back in an error, only their length. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'TWILIO_AUTH_TOKEN']);

const schema = z.object({
  PORT: integer(0, 65_535).default(0),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  TWILIO_ACCOUNT_SID: z.string().min(1, 'is required'),
  TWILIO_AUTH_TOKEN: z.string().min(1, 'is required'),
  TWILIO_API_BASE: httpUrl.default('https://api.twilio.com'),
  PUBLIC_BASE_URL: httpUrl,
  ONBOARDING_STRATEGY: z.enum(STRATEGY_NAMES, { error: `must be one of ${STRATEGY_NAMES.join(', ')}` }).default('idempotent'),
  JWT_SECRET: z.string().refine((secret) => Buffer.byteLength(secret, 'utf8') >= MIN_JWT_SECRET_BYTES, {
    error: `must be at least ${MIN_JWT_SECRET_BYTES} bytes (generate one with: openssl rand -hex 32)`,
  }),
  JWT_MAX_LIFETIME_S: integer(1).default(DEFAULT_JWT_MAX_LIFETIME_S),
  FIXTURES_ENABLED: z.enum(['0', '1', ''], { error: 'must be 1 or 0' }).default('0'),
  DB_POOL_MAX: integer(1, 1_000).default(10),
  TWILIO_TIMEOUT_MS: integer(1).default(10_000),
  CLAIM_LEASE_MS: integer(1).optional(),
  RATE_LIMIT_WINDOW_MS: integer(1).default(60_000),
});

/** Parses the environment; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  // An empty variable means "not set", as shells and compose files commonly produce them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const message = issue.code === 'invalid_type' ? 'is required' : issue.message;
    const value = env[variable];
    const got = SECRET_VARIABLES.has(variable) && value ? `${Buffer.byteLength(value, 'utf8')} bytes` : JSON.stringify(value ?? null);
    throw new ConfigError(variable, `${message} (got ${got})`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    twilio: { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, apiBase: e.TWILIO_API_BASE, timeoutMs: e.TWILIO_TIMEOUT_MS },
    publicBaseUrl: e.PUBLIC_BASE_URL,
    strategy: e.ONBOARDING_STRATEGY,
    jwtSecret: e.JWT_SECRET,
    jwtMaxLifetimeS: e.JWT_MAX_LIFETIME_S,
    fixturesEnabled: e.FIXTURES_ENABLED === '1',
    dbPoolMax: e.DB_POOL_MAX,
    // Three Twilio timeouts: room for the lookup, the purchase and the webhook call of one attempt.
    claimLeaseMs: e.CLAIM_LEASE_MS ?? 3 * e.TWILIO_TIMEOUT_MS,
    rateLimitWindowMs: e.RATE_LIMIT_WINDOW_MS,
  };
}
