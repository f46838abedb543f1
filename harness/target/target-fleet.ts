import { join } from 'node:path';
import { EnvironmentError } from '../errors.ts';
import { startChildProcess, type StartedProcess } from '../processes/child-process.ts';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort, isPortFree } from '../processes/free-port.ts';
import { nodeEntry, PACKAGE_ROOT } from '../processes/node-entry.ts';
import { serviceStartError, type StartedService } from '../processes/started-service.ts';

// The target under test as the harness sees it: one or more instances, each on a fixed port so
// that a SIGKILLed instance comes back at the same URL. Our own app and a `--target-cmd` are
// processes we control; a `--target-url` is only a URL.

export type TargetSpec =
  | { kind: 'ours' }
  | { kind: 'cmd'; command: string }
  | { kind: 'url'; url: string };

/** docs/target-contract.md: the environment the harness gives a target. */
export interface TargetEnvironment {
  databaseUrl: string;
  twilioAccountSid: string;
  twilioAuthToken: string;
  twilioApiBase: string;
  publicBaseUrl?: string;
  strategy: string;
  jwtSecret: string;
  dbPoolMax: number;
  twilioTimeoutMs: number;
  claimLeaseMs?: number;
  rateLimitWindowMs?: number;
}

export interface TargetCrash {
  instance: number;
  expected: boolean;
  detail: string;
}

export interface TargetFleet extends StartedService {
  readonly urls: string[];
  /** Whether instances can be killed and restarted. */
  readonly controllable: boolean;
  readonly publicBaseUrl: string | null;
  readonly crashes: TargetCrash[];
  kill(instance: number): Promise<void>;
  restart(instance: number): Promise<void>;
  stop(): Promise<void>;
}

export interface FleetOptions {
  spec: TargetSpec;
  instances: number;
  env: TargetEnvironment;
  logDir: string;
  readyTimeoutMs?: number;
  signal?: AbortSignal;
  /** Fixed ports by instance (0 or missing: a free one). */
  ports?: number[];
}

function environment(env: TargetEnvironment, port: number, publicBaseUrl: string): Record<string, string> {
  const vars: Record<string, string> = {
    PORT: String(port),
    DATABASE_URL: env.databaseUrl,
    TWILIO_ACCOUNT_SID: env.twilioAccountSid,
    TWILIO_AUTH_TOKEN: env.twilioAuthToken,
    TWILIO_API_BASE: env.twilioApiBase,
    PUBLIC_BASE_URL: publicBaseUrl,
    ONBOARDING_STRATEGY: env.strategy,
    JWT_SECRET: env.jwtSecret,
    FIXTURES_ENABLED: '1',
    DB_POOL_MAX: String(env.dbPoolMax),
    TWILIO_TIMEOUT_MS: String(env.twilioTimeoutMs),
  };
  if (env.claimLeaseMs !== undefined) vars.CLAIM_LEASE_MS = String(env.claimLeaseMs);
  if (env.rateLimitWindowMs !== undefined) vars.RATE_LIMIT_WINDOW_MS = String(env.rateLimitWindowMs);
  return vars;
}

export async function startTargetFleet(options: FleetOptions): Promise<TargetFleet> {
  const { spec } = options;
  if (spec.kind === 'url') {
    const url = spec.url.replace(/\/$/, '');
    return {
      service: 'target',
      urls: Array.from({ length: options.instances }, () => url),
      controllable: false,
      publicBaseUrl: options.env.publicBaseUrl ?? null,
      crashes: [],
      kill: () => Promise.reject(new Error('a --target-url target cannot be killed')),
      restart: () => Promise.reject(new Error('a --target-url target cannot be restarted')),
      stop: async () => {},
      [Symbol.asyncDispose]: async () => {},
    };
  }

  const ports = await Promise.all(Array.from({ length: options.instances }, (_, i) => (options.ports?.[i] ? options.ports[i]! : freePort())));
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const publicBaseUrl = options.env.publicBaseUrl ?? urls[0]!;
  const processes: (StartedProcess | undefined)[] = [];
  const crashes: TargetCrash[] = [];
  const expectedExit = new Set<number>();
  let stopping = false;

  // A port chosen free can be taken before the target binds it, and a killed instance's port can
  // be held for a moment by a connection of ours: wait a little for it, else move the instance to
  // another port (its URL in `urls` changes with it; requests read it when they are sent).
  const ensurePort = async (instance: number): Promise<void> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      if (await isPortFree(ports[instance]!)) return;
      await delay(100);
    }
    if (options.ports?.[instance]) {
      throw new EnvironmentError({
        code: 'E_PORT_IN_USE', message: `port ${ports[instance]} for target #${instance} is in use`,
        fix: `choose another --port than ${ports[instance]}, or stop what listens on it`,
      });
    }
    ports[instance] = await freePort();
    urls[instance] = `http://127.0.0.1:${ports[instance]}`;
  };

  const launch = async (instance: number): Promise<void> => {
    await ensurePort(instance);
    const { command, args } = spec.kind === 'ours' ? nodeEntry('target-app/main') : { command: '/bin/sh', args: ['-c', spec.command] };
    try {
      const child = await startChildProcess({
        name: `target #${instance}`,
        command,
        args,
        cwd: spec.kind === 'ours' ? PACKAGE_ROOT : process.cwd(),
        env: environment(options.env, ports[instance]!, publicBaseUrl),
        logFile: join(options.logDir, `target-${instance}.log`),
        readyUrl: `${urls[instance]}/healthz`,
        readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
        signal: options.signal,
      });
      processes[instance] = child;
      expectedExit.delete(instance);
      void child.exited.then((exit) => {
        if (stopping || expectedExit.has(instance)) return;
        const tail = child.output().split('\n').slice(-15).join('\n');
        crashes.push({ instance, expected: false, detail: `target #${instance} exited unexpectedly (code ${exit.code}, signal ${exit.signal}):\n${tail}` });
      });
    } catch (error) {
      throw serviceStartError(error, (failed) => ({
        code: 'E_TARGET_START',
        what: failed.message,
        tailLines: 20,
        layout: 'lines',
        fix: spec.kind === 'cmd'
          ? `check that \`${spec.command}\` starts a server on $PORT answering GET /healthz (see ${join(options.logDir, `target-${instance}.log`)})`
          : `see ${join(options.logDir, `target-${instance}.log`)}; run \`npm run build\` if the compiled app is stale`,
      }));
    }
  };

  const fleet: TargetFleet = {
    service: 'target',
    urls,
    controllable: true,
    publicBaseUrl,
    crashes,
    async kill(instance) {
      expectedExit.add(instance);
      await processes[instance]?.kill('SIGKILL');
    },
    async restart(instance) {
      if (processes[instance]?.isRunning()) await fleet.kill(instance);
      await launch(instance);
    },
    async stop() {
      stopping = true;
      await Promise.all(processes.map((child) => child?.stop()));
    },
    [Symbol.asyncDispose]: () => fleet.stop(),
  };
  try {
    await Promise.all(ports.map((_, instance) => launch(instance)));
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return fleet;
}
