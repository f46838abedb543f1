import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { UsageError } from '../errors.ts';
import { WORKFLOW_PATH, renderWorkflow, runInit, writeConfigFile, type InitRequest } from './index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'exactly-one-init-'));
  dirs.push(dir);
  return dir;
}

async function init(cwd: string, request: Partial<InitRequest>, terminal?: { answers: string; close?: boolean }) {
  const input = new PassThrough();
  const output = new PassThrough();
  let prompts = '';
  output.on('data', (chunk: Buffer) => (prompts += chunk.toString()));
  if (terminal) {
    input.write(terminal.answers);
    if (terminal.close) input.end();
  }
  const said: string[] = [];
  const warned: string[] = [];
  try {
    const result = await runInit({ force: false, ...request }, {
      cwd, input, output, interactive: terminal !== undefined, say: (l) => said.push(l), warn: (l) => warned.push(l),
    });
    return { result, said, warned, prompts };
  } finally {
    input.destroy();
  }
}

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

describe('runInit', () => {
  it('writes a config that the CLI loader loads as given, and the workflow, and says what to run next', async () => {
    const cwd = repo();
    const { said, warned } = await init(cwd, { targetCmd: 'node app.mjs', instances: 2, publicBaseUrl: 'https://app.example.com' });
    const config = loadConfig({ cwd, env: {} });
    expect(config).toMatchObject({ targetCmd: 'node app.mjs', instances: 2, publicBaseUrl: 'https://app.example.com' });
    expect(readFileSync(join(cwd, WORKFLOW_PATH), 'utf8')).toBe(renderWorkflow());
    expect(said.join('\n')).toMatch(/wrote exactly-one\.config\.json[\s\S]*wrote \.github\/workflows\/exactly-one\.yml[\s\S]*next: npx exactly-one gate/);
    expect(warned.join('\n')).toContain('no package-lock.json');
    expect(readdirSync(cwd).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to replace either file without --force, naming it, before asking anything; --force replaces both', async () => {
    const cwd = repo();
    mkdirSync(join(cwd, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(cwd, WORKFLOW_PATH), 'name: ours\n');
    const error = await usageError(init(cwd, {}, { answers: 'node app.mjs\n\n\n' }));
    expect(error.code).toBe('E_INIT_FILE_EXISTS');
    expect(error.message).toContain(WORKFLOW_PATH);
    expect(error.fix).toContain('--force');
    expect(readFileSync(join(cwd, WORKFLOW_PATH), 'utf8')).toBe('name: ours\n');
    expect(existsSync(join(cwd, 'exactly-one.config.json'))).toBe(false);

    await init(cwd, { targetCmd: 'node a.mjs', force: true });
    expect(readFileSync(join(cwd, WORKFLOW_PATH), 'utf8')).toBe(renderWorkflow());
    const again = await usageError(init(cwd, { targetCmd: 'node b.mjs' }));
    expect(again.message).toContain('exactly-one.config.json and .github/workflows/exactly-one.yml');
    expect(loadConfig({ cwd, env: {} }).targetCmd).toBe('node a.mjs');
  });

  it('without a terminal it never asks: a missing --target-cmd is a usage error and nothing is written', async () => {
    const cwd = repo();
    const error = await usageError(init(cwd, { instances: 3 }));
    expect(error).toMatchObject({ code: 'E_INIT_NEEDS_TARGET_CMD', source: '--target-cmd' });
    expect(error.fix).toContain('--target-cmd "node server.js"');
    expect(readdirSync(cwd)).toEqual([]);
    // Given the command, the other two are simply left out (no terminal, no questions).
    await init(cwd, { targetCmd: 'node app.mjs' });
    expect(JSON.parse(readFileSync(join(cwd, 'exactly-one.config.json'), 'utf8'))).toEqual({ targetCmd: 'node app.mjs' });
  });

  it('on a terminal it asks for what no flag gave, re-asks a bad answer with the hint, and a blank keeps the default', async () => {
    const cwd = repo();
    const { prompts } = await init(cwd, { publicBaseUrl: 'http://127.0.0.1:9' }, { answers: 'python3 app.py\nthree\n4\n' });
    expect(prompts).toContain('Command that starts your app');
    expect(prompts).toContain('must be a whole number ≥ 1');
    expect(prompts).not.toContain('PUBLIC_BASE_URL');
    expect(JSON.parse(readFileSync(join(cwd, 'exactly-one.config.json'), 'utf8'))).toEqual({ targetCmd: 'python3 app.py', instances: 4, publicBaseUrl: 'http://127.0.0.1:9' });

    const blank = repo();
    await init(blank, {}, { answers: 'node app.mjs\n\n\n' });
    expect(JSON.parse(readFileSync(join(blank, 'exactly-one.config.json'), 'utf8'))).toEqual({ targetCmd: 'node app.mjs' });
  });

  it('gives up after three bad answers, or when the terminal closes, naming the flag to pass instead', async () => {
    const bad = await usageError(init(repo(), { targetCmd: 'node app.mjs' }, { answers: '0\n-1\nx\n' }));
    expect(bad).toMatchObject({ code: 'E_INIT_BAD_ANSWER', value: 'x', source: '--instances' });
    const closed = await usageError(init(repo(), {}, { answers: '', close: true }));
    expect(closed).toMatchObject({ code: 'E_INIT_BAD_ANSWER', source: '--target-cmd' });
  });
});

describe('writeConfigFile', () => {
  it('what the loader refuses is never written', () => {
    const cwd = repo();
    expect(() => writeConfigFile(cwd, { targetCmd: '   ' })).toThrow(expect.objectContaining({ code: 'E_BAD_CONFIG' }));
    expect(readdirSync(cwd)).toEqual([]);
  });
});
