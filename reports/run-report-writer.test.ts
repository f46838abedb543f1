import { lstat, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportFixture } from './fixtures.ts';
import type { ReportInput } from './report-input.ts';
import { refreshLatest, runDirectoryName, writeRunReport } from './run-report-writer.ts';
import { formatTerminalSummary } from './terminal-summary.ts';

let root: string;
beforeEach(async () => { root = await mkdtemp(join(tmpdir(), 'exactly-one-reports-')); });
afterEach(async () => { await rm(root, { recursive: true, force: true }); });

describe('writeRunReport', () => {
  it('writes index.html, result.json (the result, unchanged) and junit.xml, and no temporary file', async () => {
    const input = reportFixture('pass');
    const dir = join(root, 'runs', runDirectoryName('gate', new Date('2026-11-29T02:14:23.456Z')));
    const out = await writeRunReport(dir, input);
    expect(out.problems).toEqual([]);
    expect(JSON.parse(await readFile(out.jsonPath, 'utf8'))).toEqual(input.result);
    expect(await readFile(out.junitPath, 'utf8')).toContain('<testsuite name="concurrent-burst [idempotent/mixed]"');
    expect(await readFile(out.htmlPath, 'utf8')).toContain('id="verdict-word">PASS<');
    expect((await readdir(dir)).sort()).toEqual(['index.html', 'junit.xml', 'result.json']);
    expect(dir).toMatch(/2026-11-29T02-14-23-456Z-gate$/);
  });

  it('still writes a readable page when the HTML cannot be rendered', async () => {
    const input = { ...reportFixture('error'), cells: null } as unknown as ReportInput;
    const out = await writeRunReport(root, input);
    expect(out.problems).toHaveLength(1);
    const html = await readFile(out.htmlPath, 'utf8');
    expect(html).toContain('id="verdict-word">ERROR<');
    expect(html).toContain('The full report could not be drawn');
    expect(html).toContain('npx exactly-one gate --seed 42');
  });
});

describe('refreshLatest', () => {
  it('makes latest/ a copy of the newest run, replacing an older copy or a link', async () => {
    const first = join(root, 'runs', 'a');
    const second = join(root, 'runs', 'b');
    await writeRunReport(first, reportFixture('pass'));
    await writeRunReport(second, reportFixture('fail'));
    const latest = await refreshLatest(first, root);
    expect(await readFile(join(latest, 'index.html'), 'utf8')).toContain('id="verdict-word">PASS<');
    await writeFile(join(latest, 'stale.txt'), 'x');
    await refreshLatest(second, root);
    expect(await readFile(join(latest, 'index.html'), 'utf8')).toContain('id="verdict-word">FAIL<');
    expect((await readdir(latest)).sort()).toEqual(['index.html', 'junit.xml', 'result.json']);
    // A link left by an earlier version is replaced by a real directory, and its target kept.
    await rm(latest, { recursive: true });
    await symlink(join('runs', 'a'), latest);
    await refreshLatest(second, root);
    expect((await lstat(latest)).isDirectory()).toBe(true);
    expect(await readdir(first)).toContain('index.html');
    expect((await readdir(join(root, 'runs'))).sort()).toEqual(['a', 'b']);
  });
});

describe('formatTerminalSummary', () => {
  it('says the verdict in words, lists each scenario and ends with the report path', () => {
    const text = formatTerminalSummary(reportFixture('fail').result, { htmlPath: 'reports/runs/x/index.html', color: false });
    expect(text).toContain('✘ FAIL');
    expect(text).toContain('EXACTLY_ONE_PURCHASE');
    expect(text).toContain('concurrent-burst');
    // The CLI prints the re-run line itself (with the failing attempt's seed), not the summary.
    expect(text).not.toContain('Re-run:');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Report: reports/runs/x/index.html');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('fits a terminal narrower than the table: the last column narrows, or each scenario becomes a line', () => {
    const result = reportFixture('fail').result;
    const width = (text: string) => Math.max(...text.split('\n').map((line) => line.length));
    const wide = formatTerminalSummary(result, { htmlPath: 'x', color: false });
    const table = wide.split('\n').filter((line) => /^[┌│├└]/.test(line));
    const fullWidth = width(table.join('\n'));
    const narrower = formatTerminalSummary(result, { htmlPath: 'x', color: false, columns: fullWidth - 10 });
    expect(width(narrower.split('\n').filter((line) => /^[┌│├└]/.test(line)).join('\n'))).toBeLessThanOrEqual(fullWidth - 10);
    const narrow = formatTerminalSummary(result, { htmlPath: 'x', color: false, columns: 80 });
    expect(narrow).not.toMatch(/[┌│├└]/);
    for (const s of result.scenarios) expect(narrow).toContain(`${s.name} [${s.strategy}/${s.variant}]`);
    expect(narrow).toContain('EXACTLY_ONE_PURCHASE');
    expect(narrow.trimEnd().split('\n').at(-1)).toBe('Report: x');
  });

  it('colours only when asked', () => {
    const text = formatTerminalSummary(reportFixture('pass').result, { htmlPath: 'x', color: true });
    expect(text).toMatch(/\u001b\[/);
    expect(text).not.toContain('Re-run:');
  });
});
