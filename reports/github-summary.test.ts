import { describe, expect, it } from 'vitest';
import { MAX_ANNOTATIONS, githubAnnotations, githubStepSummary } from './github-summary.ts';
import { reportFixture } from './fixtures.ts';
import type { RunResult } from '../model/index.ts';

function smallFail(): RunResult {
  const { result } = reportFixture('pass');
  const cell = result.scenarios[0]!;
  const broken = cell.invariants.find((inv) => inv.code === 'EXACTLY_ONE_PURCHASE')!;
  broken.held = false;
  broken.violations = [{ businessId: 'b_7', detail: '2 numbers bought: +15005550006, +15005550007 | 50% more, line\nbreak' }];
  cell.verdict = 'fail';
  result.verdict = 'fail';
  return result;
}

describe('githubStepSummary', () => {
  it('a passing run: the verdict, the cells table, no violations and no re-run line', () => {
    const { result } = reportFixture('pass');
    const md = githubStepSummary(result);
    expect(md).toMatch(/^## ✔ exactly-one gate: PASS\n/);
    expect(md).toContain('| scenario | strategy/variant | verdict |');
    for (const s of result.scenarios) expect(md).toContain(`| ${s.name} | ${s.strategy}/${s.variant} | ✔ PASS |`);
    expect(md).not.toContain('### Violations');
    expect(md).not.toContain('Re-run');
  });

  it("a failing run lists each violation's invariant, cell and business, escaped for a table-free line, and the re-run command", () => {
    const result = smallFail();
    const md = githubStepSummary(result);
    expect(md).toMatch(/^## ✘ exactly-one gate: FAIL\n/);
    expect(md).toContain('- `EXACTLY_ONE_PURCHASE` in concurrent-burst [idempotent/');
    expect(md).toContain(', business `b_7`: 2 numbers bought: +15005550006, +15005550007 \\| 50% more, line break');
    expect(md).toContain(`\`\`\`sh\n${result.rerun}\n\`\`\``);
    expect(md).toMatch(/\| concurrent-burst \| [^|]+ \| ✘ FAIL \|.*EXACTLY_ONE_PURCHASE ×1 \|/);
  });

  it('caps the listed violations and counts the rest', () => {
    const { result } = reportFixture('fail');
    const md = githubStepSummary(result);
    const listed = md.split('\n').filter((line) => line.startsWith('- `'));
    expect(listed).toHaveLength(20);
    expect(md).toMatch(/- … and \d+ more/);
  });

  it('a matrix run: expected breaks are not violations, a cell that did not reproduce its failure is', () => {
    const { result } = reportFixture('matrix');
    const md = githubStepSummary(result);
    expect(md).toContain('expected: ');
    expect(md).toMatch(/- network-failure \[row-lock\/[^\]]+\]: `[A-Z_]+` held, but was expected to break/);
    expect(md.split('\n').filter((line) => line.startsWith('- `'))).toHaveLength(0);
  });
});

describe('githubAnnotations', () => {
  it('none for a passing run', () => {
    expect(githubAnnotations(reportFixture('pass').result)).toEqual([]);
  });

  it('one ::error per violation, title and message escaped as workflow commands require', () => {
    const result = smallFail();
    const lines = githubAnnotations(result);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatch(/^::error title=EXACTLY_ONE_PURCHASE in concurrent-burst \[idempotent\/[^\]]+\]::business b_7: /);
    expect(line).toContain('+15005550006, +15005550007'); // commas stay in the message…
    expect(line).toContain('50%25 more, line%0Abreak%0ARe-run: '); // …but %, newlines are escaped
    expect(line.split('::')).toHaveLength(3);
    expect(line).not.toContain('\n');
  });

  it('escapes ":" and "," in the title (they end a property)', () => {
    const result = smallFail();
    result.scenarios[0]!.strategy = 'a,b:c';
    expect(githubAnnotations(result)[0]).toContain('title=EXACTLY_ONE_PURCHASE in concurrent-burst [a%2Cb%3Ac/');
  });

  it(`at most ${MAX_ANNOTATIONS}, the last counting the rest`, () => {
    const lines = githubAnnotations(reportFixture('fail').result);
    expect(lines).toHaveLength(MAX_ANNOTATIONS);
    expect(lines.at(-1)).toMatch(/^::error title=exactly-one gate%3A \d+ more violations::/);
  });

  it('a crashed run says it could not finish', () => {
    const lines = githubAnnotations(reportFixture('error').result);
    expect(lines[0]).toMatch(/^::error title=exactly-one gate%3A the run could not finish::The run could not finish: /);
  });
});
