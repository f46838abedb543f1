// Strategy × scenario: one row per strategy, one column per scenario, each cell saying what docs/scenarios.md
// expected, what happened and in how many attempts, so a changed cell stands out at a glance.
import { esc } from './html-escape.ts';
import type { RunResult, ScenarioResult } from '../model/index.ts';
import { matchesExpectation, VERDICT_ICON, VERDICT_WORD } from './verdict-text.ts';

export function renderMatrix(result: RunResult): string {
  const strategies = [...new Set(result.scenarios.map((s) => s.strategy))];
  const scenarios = [...new Set(result.scenarios.map((s) => s.name))];
  if (result.scenarios.length === 0) return '<section class="matrix"><h2>Matrix</h2><p class="muted">No scenario ran.</p></section>';
  const head = scenarios.map((n) => `<th scope="col">${esc(n)}</th>`).join('');
  const rows = strategies.map((strategy) => {
    const cells = scenarios.map((name) => {
      const entries = result.scenarios.map((s, i) => ({ s, i })).filter(({ s }) => s.strategy === strategy && s.name === name);
      if (entries.length === 0) return '<td class="m-none">—</td>';
      const several = entries.length > 1;
      const worst = entries.map(({ s }) => matchesExpectation(s)).includes(false) ? 'm-mismatch' : '';
      return `<td class="${worst}">${entries.map(({ s, i }) => cell(s, i, several)).join('')}</td>`;
    }).join('');
    return `<tr><th scope="row">${esc(strategy)}</th>${cells}</tr>`;
  }).join('');
  return `<section class="matrix"><h2>Strategy × scenario</h2>
<table id="matrix"><thead><tr><th>strategy</th>${head}</tr></thead><tbody>${rows}</tbody></table>
<p class="legend"><span class="mv v-pass">${VERDICT_ICON.pass} PASS</span> <span class="mv v-fail">${VERDICT_ICON.fail} FAIL</span> actual verdict;
“expected” is docs/scenarios.md's table; <span class="mismatch-key">dashed outline</span> = differs from expected.</p></section>`;
}

function cell(s: ScenarioResult, i: number, showVariant: boolean): string {
  const match = matchesExpectation(s);
  const expected = s.expected === null ? '' : `<span class="exp">expected ${s.expected === 'fail' ? 'FAIL' : 'pass'}</span>`;
  const attempts = s.attempts > 1 ? `<span class="att">${s.attempts} attempts</span>` : s.attempts === 0 ? '<span class="att">not run</span>' : '';
  const mark = match === false ? '<span class="mm">≠ expected</span>' : '';
  return `<a class="mcell" href="#s-${i}">${showVariant ? `<span class="var">${esc(s.variant)}</span>` : ''}`
    + `<span class="mv v-${s.verdict}">${VERDICT_ICON[s.verdict]} ${VERDICT_WORD[s.verdict]}</span>${expected}${mark}${attempts}</a>`;
}
