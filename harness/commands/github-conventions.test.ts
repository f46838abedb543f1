import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportFixture } from '../../reports/index.ts';
import { reportToGithub } from './github-conventions.ts';

const dir = mkdtempSync(join(tmpdir(), 'exactly-one-gh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) };
}

describe('reportToGithub', () => {
  const failing = reportFixture('fail').result;

  it('does nothing outside GitHub Actions', () => {
    const io = capture();
    reportToGithub(failing, { ...io, env: {} });
    expect(io.out).toEqual({ stdout: '', stderr: '' });
  });

  it('appends the summary and prints annotations on stdout; with --json they go to stderr instead', () => {
    const file = join(dir, 'summary.md');
    const io = capture();
    reportToGithub(failing, { ...io, env: { GITHUB_STEP_SUMMARY: file, GITHUB_ACTIONS: 'true' } });
    reportToGithub(failing, { ...io, env: { GITHUB_STEP_SUMMARY: file } });
    expect(readFileSync(file, 'utf8').match(/^## ✘ exactly-one gate: FAIL$/gm)).toHaveLength(2);
    expect(io.out.stdout.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(10);
    expect(io.out.stderr).toBe('');

    const json = capture();
    reportToGithub(failing, { ...json, env: { GITHUB_ACTIONS: 'true' }, json: true });
    expect(json.out.stdout).toBe('');
    expect(json.out.stderr).toContain('::error title=');
  });

  it('a summary file that cannot be written is a warning, not a crash', () => {
    const io = capture();
    const file = join(dir, 'missing', 'summary.md');
    expect(() => reportToGithub(failing, { ...io, env: { GITHUB_STEP_SUMMARY: file } })).not.toThrow();
    expect(io.out.stderr).toContain(`warning: could not append the job summary to GITHUB_STEP_SUMMARY=${file}`);
  });
});
