import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../harness/drivers/chromium/find-browser.ts';
import { PACKAGE_ROOT } from '../harness/processes/node-entry.ts';
import type { RunResult } from '../model/index.ts';

// The published package as a new user meets it: `npm pack`, a fresh project outside the checkout,
// `npm i -D` of the tarball (dependencies from npm's cache), `npx exactly-one init`, then the gate
// against a correct app (exit 0) and a broken one (exit 1). Nothing of the checkout may be
// reachable from that project: not its files, not its node_modules, not its bin folder on PATH.
// Slow by nature (an install and two gates); each step's time is printed at the end.

const STEP_LIMIT_MS = 600_000;
const APP_FILES = ['shared.mjs', 'target-errors.mjs', 'twilio-numbers.mjs', 'locked-onboarding.mjs'];
const timings: Record<string, number> = {};
let packDir = '';
let project = '';
let env: NodeJS.ProcessEnv = {};

const inCheckout = (path: string): boolean => !relative(PACKAGE_ROOT, resolve(path)).startsWith('..');

/** The user's environment: none of npm's script variables, our settings, or the checkout's bins. */
function userEnv(): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) =>
    !/^(npm_|EXACTLY_ONE_|GITHUB_)/i.test(key) && !['INIT_CWD', 'NODE_PATH', 'NODE_OPTIONS', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'TSX_TSCONFIG_PATH'].includes(key)));
  clean.PATH = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir && !inCheckout(dir)).join(delimiter);
  return clean;
}

interface Run { code: number | null; stdout: string; stderr: string }

async function step(name: string, command: string, args: string[], cwd: string): Promise<Run> {
  const started = performance.now();
  const run = await new Promise<Run>((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_LIMIT_MS);
    child.once('error', fail);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
  timings[name] = Math.round(performance.now() - started);
  return run;
}

const latestResult = (): RunResult => JSON.parse(readFileSync(join(project, 'reports', 'latest', 'result.json'), 'utf8')) as RunResult;

function useApp(target: string): void {
  copyFileSync(join(PACKAGE_ROOT, 'test', 'targets', target), join(project, 'app.mjs'));
}

beforeAll(async () => {
  const cli = join(PACKAGE_ROOT, 'dist', 'harness', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does), the package is packed from dist/`);
  env = userEnv();
  packDir = mkdtempSync(join(tmpdir(), 'exactly-one-pack-'));
  project = mkdtempSync(join(tmpdir(), 'exactly-one-user-'));
  // As `mkdir` makes a user's folder (mkdtemp's is 0700): run as root, the embedded PostgreSQL
  // runs initdb as the postgres user, who must be able to reach the package's binaries.
  chmodSync(project, 0o755);
  expect(inCheckout(project)).toBe(false);

  // npm test has just built dist/: the package's prepack (a build) is not run a second time.
  const packed = await step('npm pack', 'npm', ['pack', '--pack-destination', packDir, '--silent', '--ignore-scripts'], PACKAGE_ROOT);
  expect(packed.code, packed.stderr).toBe(0);
  const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
  const created = await step('npm init -y', 'npm', ['init', '-y'], project);
  expect(created.code, created.stderr).toBe(0);
  const installed = await step('npm i -D <tarball> --prefer-offline', 'npm', ['i', '-D', tarball, '--prefer-offline', '--no-audit', '--no-fund'], project);
  expect(installed.code, installed.stderr).toBe(0);
  for (const file of APP_FILES) copyFileSync(join(PACKAGE_ROOT, 'test', 'targets', file), join(project, file));
}, STEP_LIMIT_MS * 2);

afterAll(() => {
  for (const dir of [project, packDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  console.log(`package e2e timings (ms): ${JSON.stringify(timings)}`);
});

describe('the published package in a fresh project', () => {
  it('is installed from the tarball, with nothing of the checkout reachable', async () => {
    const installed = realpathSync(join(project, 'node_modules', 'exactly-one'));
    expect(inCheckout(installed)).toBe(false);
    expect(installed.startsWith(realpathSync(project))).toBe(true);
    for (const entry of readdirSync(join(project, 'node_modules'))) {
      const path = join(project, 'node_modules', entry);
      if (lstatSync(path).isSymbolicLink()) expect(inCheckout(realpathSync(path)), path).toBe(false);
    }
    // What the app and the CLI would load, resolved from the project as Node resolves it.
    const probe = "for (const m of ['exactly-one/package.json', 'pg', 'jose', 'twilio']) console.log(require.resolve(m))";
    const resolved = await step('resolve probe', process.execPath, ['-e', probe], project);
    expect(resolved.code, resolved.stderr).toBe(0);
    const paths = resolved.stdout.trim().split('\n');
    expect(paths).toHaveLength(4);
    for (const path of paths) expect(inCheckout(path), path).toBe(false);
    const bin = await step('npx exactly-one --version', 'npx', ['exactly-one', '--version'], project);
    expect(bin.code, bin.stderr).toBe(0);
    expect(bin.stdout.trim()).toBe((JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  }, STEP_LIMIT_MS);

  it('npx exactly-one init --target-cmd "node app.mjs" writes the config and the workflow', async () => {
    const run = await step('npx exactly-one init', 'npx', ['exactly-one', 'init', '--target-cmd', 'node app.mjs'], project);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('next: npx exactly-one gate');
    expect(JSON.parse(readFileSync(join(project, 'exactly-one.config.json'), 'utf8'))).toEqual({ targetCmd: 'node app.mjs' });
    expect(existsSync(join(project, '.github', 'workflows', 'exactly-one.yml'))).toBe(true);
  }, STEP_LIMIT_MS);

  it('npx exactly-one gate passes (exit 0) against a correct app', async () => {
    useApp('correct.mjs');
    const run = await step('npx exactly-one gate (correct app)', 'npx', ['exactly-one', 'gate', '--businesses', '2'], project);
    expect(run.code, run.stderr.slice(-4000)).toBe(0);
    const result = latestResult();
    expect(result.verdict).toBe('pass');
    expect(result.scenarios.map((s) => s.target)).toEqual(result.scenarios.map(() => 'node app.mjs'));
    const byName = Object.fromEntries(result.scenarios.map((s) => [s.name, s]));
    for (const name of ['concurrent-burst', 'network-failure', 'multi-instance']) expect(byName[name]?.verdict, name).toBe('pass');
    // The app serves no /onboarding.html: with a browser, rapid-clicks is skipped with the reason,
    // and that is still an overall pass; without one it is replayed at the API and must pass.
    const clicks = byName['rapid-clicks']!;
    if (findBrowser()) expect(clicks).toMatchObject({ verdict: 'skipped', skipReason: expect.stringContaining('/onboarding.html') });
    else expect(clicks.verdict).toBe('pass');
  }, STEP_LIMIT_MS);

  it('npx exactly-one gate fails (exit 1) against an app without a lock, naming the broken invariant', async () => {
    useApp('no-lock.mjs');
    const run = await step('npx exactly-one gate (broken app)', 'npx', ['exactly-one', 'gate', '--businesses', '2'], project);
    expect(run.code, run.stderr.slice(-4000)).toBe(1);
    expect(run.stderr).toContain('re-run: npx exactly-one gate');
    const result = latestResult();
    expect(result.verdict).toBe('fail');
    const burst = result.scenarios.find((s) => s.name === 'concurrent-burst')!;
    expect(burst.invariants.find((inv) => inv.code === 'EXACTLY_ONE_PURCHASE')?.held).toBe(false);
  }, STEP_LIMIT_MS);
});
