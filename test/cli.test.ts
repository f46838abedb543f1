import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CommandAction, type CommandActions, type CommandContext } from '../harness/cli/index.ts';
import type { RunConfig } from '../harness/config/index.ts';
import { EnvironmentError } from '../harness/errors.ts';

// runCli in-process with fake command actions: the CLI's own behaviour (parsing, precedence,
// validation, exit codes, signals, cleanup) without starting a scenario.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workdir(config?: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'exactly-one-cli-'));
  dirs.push(dir);
  if (config) writeFileSync(join(dir, 'exactly-one.config.json'), JSON.stringify(config));
  return dir;
}

interface Call {
  config: RunConfig;
  context: CommandContext;
}

async function cli(argv: string[], opts: { commands?: CommandActions; env?: NodeJS.ProcessEnv; cwd?: string; signals?: EventEmitter; forceExit?: (code: number) => void } = {}) {
  let out = '';
  let err = '';
  const calls: Call[] = [];
  const record: CommandAction = async (config, context) => {
    calls.push({ config, context });
    return 0;
  };
  const commands: CommandActions = opts.commands ?? { gate: record, matrix: record, reproduce: record, run: record, 'fake-twilio': record, 'target-app': record, reconcile: record, bench: record };
  const code = await runCli(argv, {
    commands,
    env: opts.env ?? {},
    cwd: opts.cwd ?? workdir(),
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    signals: opts.signals ?? new EventEmitter(),
    forceExit: opts.forceExit ?? (() => {}),
    graceMs: 1_000,
    duplicateSignalMs: 0,
  });
  return { code, out, err, calls };
}

describe('exactly-one CLI', () => {
  it('layers config file < env < flags and hands the command one validated config', async () => {
    const cwd = workdir({ strategy: 'naive', businesses: 3, concurrency: 2, engine: 'k6' });
    const { code, calls } = await cli(['gate', '--strategy', 'row-lock', '--seed', '11'], {
      cwd,
      env: { EXACTLY_ONE_STRATEGY: 'rate-limit', EXACTLY_ONE_BUSINESSES: '8' },
    });
    expect(code).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.config).toMatchObject({ strategy: 'row-lock', businesses: 8, concurrency: 2, engine: 'k6', seed: 11, db: 'embedded' });
    expect(calls[0]!.context.rerunCommand()).toBe('npx exactly-one gate --strategy row-lock --businesses 8 --concurrency 2 --engine k6 --seed 11');
  });

  it('CI=true implies --require-browser unless --no-require-browser says otherwise', async () => {
    const implied = await cli(['gate'], { env: { CI: 'true' } });
    expect(implied.calls[0]!.config.requireBrowser).toBe(true);
    const optedOut = await cli(['gate', '--no-require-browser'], { env: { CI: 'true' } });
    expect(optedOut.calls[0]!.config.requireBrowser).toBe(false);
    const local = await cli(['gate']);
    expect(local.calls[0]!.config.requireBrowser).toBe(false);
  });

  it('collects --scenario from repeats and commas', async () => {
    const { calls } = await cli(['gate', '--scenario', 'rapid-clicks,network-failure', '--scenario', 'multi-instance']);
    expect(calls[0]!.config.scenario).toEqual(['rapid-clicks', 'network-failure', 'multi-instance']);
  });

  it('exits 2 on a bad flag value, naming the value, the flag and the fix', async () => {
    const { code, err, calls } = await cli(['gate', '--businesses', 'twenty']);
    expect(code).toBe(2);
    expect(err).toContain('E_BAD_FLAG');
    expect(err).toContain('"twenty"');
    expect(err).toContain('--businesses');
    expect(err).toMatch(/fix: .*whole number/);
    expect(calls).toHaveLength(0);
  });

  it('exits 2 on a bad environment variable, naming the variable', async () => {
    const { code, err } = await cli(['matrix'], { env: { EXACTLY_ONE_DB: 'sqlite' } });
    expect(code).toBe(2);
    expect(err).toContain('EXACTLY_ONE_DB');
    expect(err).toContain('"sqlite"');
  });

  it('exits 2 on an unknown scenario, listing the known ones', async () => {
    const { code, err, calls } = await cli(['run', 'concurrent-burst', 'thundering-herd']);
    expect(code).toBe(2);
    expect(err).toContain('E_UNKNOWN_SCENARIO');
    expect(err).toContain('thundering-herd');
    expect(err).toContain('incident-replay');
    expect(calls).toHaveLength(0);
  });

  it('passes run its scenarios as positionals and as config.scenario', async () => {
    const { code, calls } = await cli(['run', 'incident-replay', 'rapid-clicks', '--time-scale', '1000']);
    expect(code).toBe(0);
    expect(calls[0]!.context.args).toEqual(['incident-replay', 'rapid-clicks']);
    expect(calls[0]!.config.scenario).toEqual(['incident-replay', 'rapid-clicks']);
    expect(calls[0]!.config.timeScale).toBe(1000);
  });

  it('exits 2 on an unknown command or flag, with commander\'s message and a hint', async () => {
    const command = await cli(['gat']);
    expect(command.code).toBe(2);
    expect(command.err).toContain("unknown command 'gat'");
    expect(command.err).toContain('exactly-one --help');
    const flag = await cli(['gate', '--stratgy', 'naive']);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("unknown option '--stratgy'");
    expect(flag.err).toContain('exactly-one gate --help');
  });

  it('--help exits 0 and lists the commands, the shared flags and the exit codes', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const name of ['gate', 'matrix', 'reproduce', 'run', 'fake-twilio', 'target-app', 'reconcile', 'bench']) expect(top.out).toContain(name);
    expect(top.out).toContain('Exit codes');
    const gate = await cli(['gate', '--help']);
    expect(gate.code).toBe(0);
    expect(gate.out).toContain('--database-url <url>');
    expect(gate.out).toContain('EXACTLY_ONE_TIME_SCALE');
    expect(gate.calls).toHaveLength(0);
  });

  it('exits 4 on an unexpected error: "internal error", a way to report it, the stack only with --debug', async () => {
    const crash: CommandAction = async () => {
      throw new TypeError('undefined is not a function');
    };
    const plain = await cli(['gate'], { commands: { gate: crash } });
    expect(plain.code).toBe(4);
    expect(plain.err).toContain('internal error: undefined is not a function');
    expect(plain.err).toContain('report');
    expect(plain.err).not.toContain('at ');
    const debug = await cli(['gate', '--debug'], { commands: { gate: crash } });
    expect(debug.code).toBe(4);
    expect(debug.err).toMatch(/TypeError: undefined is not a function\n\s+at /);
  });

  it('exits 3 on an environment failure with its code and fix', async () => {
    const noDocker: CommandAction = async () => {
      throw new EnvironmentError({ code: 'E_NO_DOCKER', message: 'no Docker engine answers', fix: 'start Docker, or use --db embedded' });
    };
    const { code, err } = await cli(['gate', '--db', 'container'], { commands: { gate: noDocker } });
    expect(code).toBe(3);
    expect(err).toContain('error E_NO_DOCKER: no Docker engine answers');
    expect(err).toContain('fix: start Docker, or use --db embedded');
  });

  it('returns 1 for a violation and prints the re-run command with the seed of the failing attempt', async () => {
    const violated: CommandAction = async () => ({ exitCode: 1, failingSeed: 1234 });
    const { code, err } = await cli(['gate', '--strategy', 'naive', '--repeat', '5', '--seed', '1'], { commands: { gate: violated } });
    expect(code).toBe(1);
    expect(err).toContain('re-run: npx exactly-one gate --strategy naive --seed 1234');
  });

  it('on Ctrl-C aborts the signal, runs cleanups last-first, exits 130; a second Ctrl-C forces', async () => {
    const signals = new EventEmitter();
    const order: string[] = [];
    const forced: number[] = [];
    const waitsForSignal: CommandAction = async (_config, context) => {
      context.onShutdown(() => order.push('database'));
      context.onShutdown(() => order.push('target'));
      queueMicrotask(() => signals.emit('SIGINT', 'SIGINT'));
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      signals.emit('SIGINT', 'SIGINT');
      order.push('command unwound');
      return 0;
    };
    const { code, err } = await cli(['gate'], { commands: { gate: waitsForSignal }, signals, forceExit: (c) => forced.push(c) });
    expect(code).toBe(130);
    expect(order).toEqual(['command unwound', 'target', 'database']);
    expect(forced).toEqual([130]);
    expect(err).toContain('press Ctrl-C again to force');
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('runs cleanups after a crash too', async () => {
    const order: string[] = [];
    const crash: CommandAction = async (_config, context) => {
      context.onShutdown(() => order.push('cleaned'));
      throw new Error('boom');
    };
    expect((await cli(['gate'], { commands: { gate: crash } })).code).toBe(4);
    expect(order).toEqual(['cleaned']);
  });

  it('--timeout aborts the command, cleans up and exits 3 with E_TIMEOUT', async () => {
    const order: string[] = [];
    const slow: CommandAction = async (_config, context) => {
      context.onShutdown(() => order.push('cleaned'));
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      return 0;
    };
    const { code, err } = await cli(['gate', '--timeout', '50ms'], { commands: { gate: slow } });
    expect(code).toBe(3);
    expect(err).toContain('E_TIMEOUT');
    expect(err).toContain('--timeout 50ms');
    expect(order).toEqual(['cleaned']);
  });

  it('hands reconcile its arguments untouched, and bench its --quick', async () => {
    const reconcile = await cli(['reconcile', '--apply', '--yes', '--price', '5', '--json']);
    expect(reconcile.code).toBe(0);
    expect(reconcile.calls[0]!.context.args).toEqual(['--apply', '--yes', '--price', '5', '--json']);
    const bench = await cli(['bench', '--quick']);
    expect(bench.calls[0]!.context.options).toEqual({ quick: true });
    const only = await cli(['bench', '--quick', '--only', 'load,checker.ops_per_s']);
    expect(only.calls[0]!.context.options).toEqual({ quick: true, only: 'load,checker.ops_per_s' });
    const badPort = await cli(['fake-twilio', '--port', '70000']);
    expect(badPort.code).toBe(2);
    expect(badPort.err).toContain('--port must be a port number');
  });

  it('reports a command that is not wired as an internal error', async () => {
    const { code, err } = await cli(['bench'], { commands: {} });
    expect(code).toBe(4);
    expect(err).toContain('not wired');
  });
});
