// The top of the page: the verdict in words, the command that re-runs it, and every violation that
// decided it, before anything else (a reviewer should not scroll to learn why a run failed).
import { esc } from './html-escape.ts';
import type { InvariantResult, RunResult, ScenarioResult } from '../model/index.ts';
import { cellLabel, isDecisiveBreak, isMissingBreak, VERDICT_ICON, VERDICT_WORD, verdictSentence } from './verdict-text.ts';

export function renderVerdictBanner(result: RunResult): string {
  const v = result.verdict;
  const env = result.environment;
  const when = `${esc(result.startedAt)} · ${(result.durationMs / 1000).toFixed(1)} s · seed ${env.seed} · node ${esc(env.node)}`
    + (env.postgres ? ` · PostgreSQL ${esc(env.postgres)}` : '') + (env.browser ? ` · ${esc(env.browser)}` : '') + ` · ${esc(env.os)}`;
  return `<header class="banner v-${v}" role="status">
  <div class="verdict"><span class="icon" aria-hidden="true">${VERDICT_ICON[v]}</span><span id="verdict-word">${VERDICT_WORD[v]}</span></div>
  <div class="summary"><p id="verdict-sentence">${esc(verdictSentence(result))}</p>
  <p class="meta">exactly-one ${esc(result.command)} · ${when}</p></div>
</header>`;
}

export function renderRerun(result: RunResult): string {
  return `<section class="rerun"><h2>Re-run this exact run</h2><pre><code id="rerun">${esc(result.rerun)}</code></pre></section>`;
}

const anchor = (i: number): string => `s-${i}`;

/** Errors, then unexpected violations, then cells that failed to reproduce an expected break. */
export function renderTopFindings(result: RunResult): string {
  const items: string[] = [];
  if (result.error) items.push(`<li class="f-error"><b>error</b> ${esc(result.error)}</li>`);
  result.scenarios.forEach((s, i) => {
    if (s.verdict === 'error') items.push(`<li class="f-error"><b>error</b> <a href="#${anchor(i)}">${esc(cellLabel(s))}</a>: ${esc(s.error ?? 'crashed')}</li>`);
  });
  result.scenarios.forEach((s, i) => {
    const broken = s.invariants.filter((inv) => isDecisiveBreak(result, s, inv));
    if (broken.length > 0) items.push(findingItem(s, i, broken, 'f-fail', 'broken'));
    const missing = s.invariants.filter((inv) => isMissingBreak(s, inv)).map((inv) => inv.code);
    if (missing.length > 0) {
      items.push(`<li class="f-fail"><b>not reproduced</b> <a href="#${anchor(i)}">${esc(cellLabel(s))}</a>: ${missing.join(', ')} `
        + `${missing.length === 1 ? 'was' : 'were'} expected to break (docs/scenarios.md) and held in ${s.attempts} attempt(s)</li>`);
    }
  });
  const expected: string[] = [];
  result.scenarios.forEach((s, i) => {
    const broken = s.invariants.filter((inv) => inv.held === false && !isDecisiveBreak(result, s, inv));
    if (broken.length > 0) expected.push(findingItem(s, i, broken, 'f-expected', 'expected'));
  });
  if (items.length === 0 && expected.length === 0) return '';
  return `<section class="findings"><h2>What decided the verdict</h2>`
    + (items.length ? `<ul id="findings">${items.join('')}</ul>` : '<p>No unexpected violation.</p>')
    + (expected.length ? `<details><summary>Expected violations reproduced in ${expected.length} cell(s) (the bugs docs/scenarios.md says these strategies have)</summary><ul>${expected.join('')}</ul></details>` : '')
    + `</section>`;
}

/** One line per cell: each broken invariant (a link to its violations) and the first one in words. */
function findingItem(s: ScenarioResult, i: number, broken: InvariantResult[], cls: string, word: string): string {
  const codes = broken.map((inv) => `<a href="#${anchor(i)}-${inv.code}">${inv.code}</a> ×${inv.violations.length}`).join(', ');
  const first = broken[0]?.violations[0];
  return `<li class="${cls}"><b>${word}</b> <a href="#${anchor(i)}">${esc(cellLabel(s))}</a>: ${codes}`
    + (first ? ` — e.g. ${esc(first.detail)}` : '') + `</li>`;
}
