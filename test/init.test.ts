import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../harness/config/index.ts';
import { PACKAGE_ROOT } from '../harness/processes/node-entry.ts';
import { cliArgs } from './support/cli-process.ts';

// `exactly-one init` as a user runs it: the real CLI in a fresh directory, stdin a pipe (no
// terminal), and the workflow it writes checked against GitHub's workflow schema by
// action-validator (@action-validator/cli).

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'exactly-one-init-cli-'));
  dirs.push(dir);
  return dir;
}

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs a command with stdin an open pipe: a prompt would wait on it forever (and time out). */
function exec(command: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('EXACTLY_ONE_') && !key.startsWith('GITHUB_')));
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const init = (cwd: string, ...args: string[]) => exec(process.execPath, [...cliArgs(), 'init', ...args], cwd);
const validateWorkflow = (file: string) => exec(process.execPath, [join(PACKAGE_ROOT, 'node_modules', '@action-validator', 'cli', 'cli.mjs'), file], PACKAGE_ROOT);

describe('exactly-one init', () => {
  it('in a fresh directory writes a config the CLI loads and a workflow GitHub\'s schema accepts, and says what to run next', async () => {
    const cwd = repo();
    const run = await init(cwd, '--target-cmd', 'node server.js --port $PORT', '--instances', '2', '--public-base-url', 'https://app.example.com');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('wrote exactly-one.config.json');
    expect(run.stdout).toContain('wrote .github/workflows/exactly-one.yml');
    expect(run.stdout).toContain('next: npx exactly-one gate');
    expect(loadConfig({ cwd, env: {} })).toMatchObject({ targetCmd: 'node server.js --port $PORT', instances: 2, publicBaseUrl: 'https://app.example.com' });

    const workflowFile = join(cwd, '.github', 'workflows', 'exactly-one.yml');
    const validated = await validateWorkflow(workflowFile);
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    const workflow = parse(readFileSync(workflowFile, 'utf8')) as { permissions: Record<string, string>; jobs: { gate: { 'runs-on': string; steps: { uses?: string; run?: string; with?: Record<string, unknown>; if?: string }[] } } };
    const steps = workflow.jobs.gate.steps;
    const uses = (prefix: string) => steps.find((s) => s.uses?.startsWith(prefix));
    expect(workflow.jobs.gate['runs-on']).toBe('ubuntu-latest');
    expect(uses('actions/setup-node@')?.with).toMatchObject({ cache: 'npm' });
    const runs = steps.map((s) => s.run ?? '');
    expect(runs).toContain('npm ci');
    expect(runs.some((r) => r.includes('google-chrome') && !r.includes('apt-get'))).toBe(true);
    const gate = runs.findIndex((r) => r.trim() === 'npx exactly-one gate');
    expect(gate).toBeGreaterThan(runs.indexOf('npm ci'));
    // The report and JUnit are published whether the gate passed or failed.
    expect(uses('actions/upload-artifact@')).toMatchObject({ if: '${{ !cancelled() }}', with: { path: 'reports/' } });
    expect(uses('mikepenz/action-junit-report@')).toMatchObject({ if: '${{ !cancelled() }}', with: { report_paths: 'reports/latest/junit.xml' } });
    expect(workflow.permissions.checks).toBe('write');
  });

  it('the validator it relies on does reject a broken workflow', async () => {
    const cwd = repo();
    expect((await init(cwd, '--target-cmd', 'node app.js')).code).toBe(0);
    const file = join(cwd, '.github', 'workflows', 'exactly-one.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('runs-on:', 'runs_on:'));
    expect((await validateWorkflow(file)).code).toBe(1);
  });

  it('refuses to overwrite without --force (exit 2, naming the file, leaving it alone); --force replaces it', async () => {
    const cwd = repo();
    writeFileSync(join(cwd, 'exactly-one.config.json'), '{ "targetCmd": "node mine.js" }\n');
    const refused = await init(cwd, '--target-cmd', 'node app.js');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('E_INIT_FILE_EXISTS');
    expect(refused.stderr).toContain('exactly-one.config.json already exists');
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(join(cwd, 'exactly-one.config.json'), 'utf8')).toBe('{ "targetCmd": "node mine.js" }\n');
    expect(readdirSync(cwd)).toEqual(['exactly-one.config.json']);

    const forced = await init(cwd, '--target-cmd', 'node app.js', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(loadConfig({ cwd, env: {} }).targetCmd).toBe('node app.js');
  });

  it('without a terminal it never asks: no --target-cmd is exit 2 with the fix, at once, writing nothing', async () => {
    const cwd = repo();
    const run = await init(cwd, '--instances', '3');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('E_INIT_NEEDS_TARGET_CMD');
    expect(run.stderr).toContain('--target-cmd "node server.js"');
    expect(run.stdout + run.stderr).not.toContain('Command that starts your app');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a bad flag value is exit 2 naming the flag, the value and the fix', async () => {
    const run = await init(repo(), '--target-cmd', 'node app.js', '--public-base-url', 'ftp://x');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--public-base-url must be an http(s) URL');
    expect(run.stderr).toContain('"ftp://x"');
  });
});
