import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../errors.ts';
import { gateLaunch } from './gate-launch.ts';
import { gateLine } from './gate-wall.ts';

describe('gate.wall_s', () => {
  it('has a wall time only for a gate that exited 0', () => {
    const passed = gateLine('cold', { runsAs: 'source' }, { seconds: 41.26, exitCode: 0, signal: null, stderrTail: '' });
    expect(passed).toMatchObject({ name: 'gate.wall_s', value: 41.3, unit: 's', mode: 'cold', runs_as: 'source', exitCode: 0 });
    expect(passed.failed).toBeUndefined();

    const failed = gateLine('cold', { runsAs: 'dist' }, { seconds: 2.9, exitCode: 4, signal: null, stderrTail: 'noise\nerror E_X: dist/target-app/main.js is missing\n' });
    expect(failed).toMatchObject({ name: 'gate.wall_s', value: null, failed: true, exitCode: 4 });
    expect(failed.error).toMatch(/exited 4, so it has no wall time: noise\nerror E_X: dist\/target-app\/main.js is missing$/);
    expect(JSON.stringify(failed)).not.toContain('2.9');

    const killed = gateLine('warm', { runsAs: 'dist' }, { seconds: 10, exitCode: null, signal: 'SIGINT', stderrTail: '' });
    expect(killed).toMatchObject({ value: null, failed: true, error: 'the gate was killed by SIGINT, so it has no wall time' });
  });
});

describe('how the bench runs the gate (from the sources)', () => {
  const freshClone = mkdtempSync(join(tmpdir(), 'exactly-one-fresh-clone-'));

  it('runs the CLI and its children through tsx unless the build is asked for, as npm run scenarios:concurrency does', () => {
    const launch = gateLaunch({ PATH: '/usr/bin', EXACTLY_ONE_CHILD_MODE: 'tsx' }, freshClone);
    expect(launch.runsAs).toBe('source');
    expect(launch.args.at(-1)).toBe(join(freshClone, 'harness', 'cli.ts'));
    expect(launch.args[0]).toBe('--import');
    expect(launch.env).toEqual({ PATH: '/usr/bin' });
  });

  it('refuses EXACTLY_ONE_CHILD_MODE=dist on a checkout without dist/, naming the fix', () => {
    let error: unknown;
    try {
      gateLaunch({ EXACTLY_ONE_CHILD_MODE: 'dist' }, freshClone);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error).toMatchObject({ code: 'E_BENCH_NO_BUILD', fix: expect.stringContaining('npm run build') });
    expect((error as Error).message).toContain(join(freshClone, 'dist', 'harness', 'cli.js'));
  });

  it('uses the build when asked and it exists', () => {
    const built = mkdtempSync(join(tmpdir(), 'exactly-one-built-'));
    mkdirSync(join(built, 'dist', 'harness'), { recursive: true });
    writeFileSync(join(built, 'dist', 'harness', 'cli.js'), '');
    const launch = gateLaunch({ EXACTLY_ONE_CHILD_MODE: 'dist' }, built);
    expect(launch).toMatchObject({ runsAs: 'dist', args: [join(built, 'dist', 'harness', 'cli.js')], env: { EXACTLY_ONE_CHILD_MODE: 'dist' } });
  });
});
