import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExactlyOne } from './support/cli-process.ts';

// The CI conventions read back from what a real run wrote: the job summary appended to the file
// GITHUB_STEP_SUMMARY names, and `::error` annotations on stdout when GITHUB_ACTIONS is set.

const dir = mkdtempSync(join(tmpdir(), 'exactly-one-github-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GitHub Actions conventions of a scenario command', () => {
  it('a run that breaks invariants: the summary lists the violations and the re-run; each violation is an ::error annotation', async () => {
    const summary = join(dir, 'summary-fail.md');
    const run = await runExactlyOne(
      ['run', 'concurrent-burst', '--businesses', '3', '--target-cmd', 'node test/targets/no-lock.mjs', '--report-dir', join(dir, 'reports-fail'), '--seed', '7'],
      { env: { GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: 'true', CI: '' } },
    );
    expect(run.code, run.stderr).toBe(1);
    const md = readFileSync(summary, 'utf8');
    expect(md).toMatch(/^## ✘ exactly-one run: FAIL\n/);
    expect(md).toMatch(/\| concurrent-burst \| external\/[^|]+ \| ✘ FAIL \| 3 \|/);
    expect(md).toMatch(/- `EXACTLY_ONE_PURCHASE` in concurrent-burst \[external\/[^\]]+\], business `[^`]+`: /);
    expect(md).toContain("```sh\nnpx exactly-one run concurrent-burst --businesses 3 --target-cmd 'node test/targets/no-lock.mjs'");

    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::error '));
    expect(annotations.length).toBeGreaterThan(0);
    expect(annotations.length).toBeLessThanOrEqual(10);
    expect(annotations.some((line) => /^::error title=EXACTLY_ONE_PURCHASE in concurrent-burst \[external\/[^\]]+\]::business /.test(line))).toBe(true);
    // Annotations go to stdout only: the terminal summary on stderr stays as it was.
    expect(run.stderr).not.toContain('::error');
  });

  it('a passing run appends its summary to what the job already wrote, and without GITHUB_ACTIONS prints no annotation', async () => {
    const summary = join(dir, 'summary-pass.md');
    appendFileSync(summary, '# an earlier step\n\n');
    const run = await runExactlyOne(
      ['run', 'concurrent-burst', '--businesses', '2', '--target-cmd', 'node test/targets/correct.mjs', '--report-dir', join(dir, 'reports-pass')],
      { env: { GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: '', CI: '' } },
    );
    expect(run.code, run.stderr).toBe(0);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# an earlier step\n\n## ✔ exactly-one run: PASS\n')).toBe(true);
    expect(md).toMatch(/\| concurrent-burst \| external\/[^|]+ \| ✔ PASS \| 2 \| 2 \| 0 \|/);
    expect(md).not.toContain('### Violations');
    expect(run.stdout).not.toContain('::error');
  });
});
