// One scenario cell: its invariants, charts (drawn in the page from the inlined data), burst
// spread, faults planned vs landed, and each violation's smallest explaining history.
import type { CellData } from './cell-model.ts';
import { cellOrigin } from './cell-model.ts';
import { renderConformanceTable } from './conformance-results.ts';
import { esc } from './html-escape.ts';
import type { ReportCell } from './report-input.ts';
import type { InvariantResult, ScenarioResult, Violation } from '../model/index.ts';
import { cellLabel, isMissingBreak, matchesExpectation, VERDICT_ICON, VERDICT_WORD } from './verdict-text.ts';
import { explainingEvidence, historyRows, renderHistoryTable, renderLedgerTable } from './violation-history.ts';
import { violationLayout } from './violation-layout.ts';
import { renderLoadSection } from './load-section.ts';
import { renderExplorationSection } from './exploration-section.ts';

export { VIOLATIONS_IN_FULL } from './violation-layout.ts';

/** `decisive` tells a break that counts against the run from one docs/scenarios.md expects (see isDecisiveBreak). */
export function renderScenarioSection(s: ScenarioResult, i: number, cell: ReportCell | undefined, data: CellData | undefined, open: boolean,
  decisive: (inv: InvariantResult) => boolean): string {
  const match = matchesExpectation(s);
  const meta = [`driver ${s.driver}`, `engine ${s.engine}`, `target ${s.target}`, `${s.businesses} businesses`, `${s.requests} requests`,
    `${s.attempts} attempt(s)`, s.durationMs !== undefined ? `${(s.durationMs / 1000).toFixed(1)} s` : ''].filter(Boolean).map(esc).join(' · ');
  const expectation = s.expected === null ? '' : ` <span class="exp">expected ${s.expected === 'fail' ? `FAIL (${[...s.expectedBroken, ...(s.expectedFailingChecks ?? []).map((c) => `check ${c}`)].join(', ')})` : 'pass'}</span>`
    + (match === false ? ' <span class="mm">≠ expected</span>' : '');
  const parts = [
    s.verdict === 'error' ? `<p class="callout f-error"><b>Crashed:</b> ${esc(s.error ?? 'unknown error')}</p>` : '',
    s.skipReason ? `<p class="callout f-skipped"><b>Skipped:</b> ${esc(s.skipReason)}</p>` : '',
    renderInvariants(s, i, decisive),
    renderConformanceTable(s),
    renderExplorationSection(s),
    twilioLine(s),
    renderLoadSection(s, i, data),
    charts(s, i, data),
    renderFaults(s),
    renderViolations(s, i, cell, decisive),
  ];
  return `<details class="scenario" id="s-${i}" data-index="${i}"${open ? ' open' : ''}>
<summary><span class="mv v-${s.verdict}">${VERDICT_ICON[s.verdict]} ${VERDICT_WORD[s.verdict]}</span> <span class="title">${esc(cellLabel(s))}</span>${expectation}</summary>
<p class="meta">${meta}</p>${parts.join('\n')}</details>`;
}

function renderInvariants(s: ScenarioResult, i: number, decisive: (inv: InvariantResult) => boolean): string {
  const rows = s.invariants.map((inv) => {
    const state = inv.held === true ? '<span class="held">✔ held</span>' : inv.held === false ? '<span class="broken">✘ broken</span>' : '<span class="na">– not evaluated</span>';
    const note = decisive(inv) ? (s.expected === 'fail' ? '<span class="exp">as docs/scenarios.md expects of this strategy</span>' : '<span class="mm">unexpected</span>') : inv.held === false ? '<span class="exp">expected</span>'
      : isMissingBreak(s, inv) ? '<span class="mm">expected to break</span>' : '';
    const count = inv.violations.length ? `<a href="#s-${i}-${inv.code}">${inv.violations.length} violation(s)</a>` : '';
    const reason = inv.reason !== null && inv.reason === s.skipReason ? 'see “Skipped” above' : inv.reason ?? '';
    return `<tr><td><code>${inv.code}</code></td><td>${state} ${note}</td><td>${count}</td><td>${esc(reason)}</td></tr>`;
  }).join('');
  return `<h3>Invariants</h3><table class="invariants"><thead><tr><th>invariant</th><th>result</th><th>violations</th><th>note</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function twilioLine(s: ScenarioResult): string {
  const t = s.twilio;
  return `<p class="twilio">At Twilio: <b>${t.purchases}</b> purchase attempt(s), <b>${t.committed}</b> committed, <b>${t.active}</b> active, `
    + `${t.released} released, <b class="${t.orphans > 0 ? 'broken' : ''}">${t.orphans}</b> orphan(s) — for ${s.businesses} business(es).</p>`;
}

function charts(s: ScenarioResult, i: number, data: CellData | undefined): string {
  if (!data) return '<p class="muted">No history was recorded for this scenario, so there is nothing to chart.</p>';
  const h = data.timeline.hidden;
  const hidden = h.businesses > 0 ? `<p class="muted">Showing the ${data.timeline.names.length} most telling businesses (violations first). `
    + `${h.businesses} more not drawn: ${h.requests} requests, ${h.purchases} committed purchases.</p>` : '';
  const l = s.latencyMs;
  const burst = s.burst;
  const burstText = burst ? `<p>${burst.bursts} burst(s) of ${burst.size}: send spread p50 ${burst.sendSpreadMs.p50} ms, max ${burst.sendSpreadMs.max} ms; `
    + (burst.arrivalSpreadMs ? `arrival spread at the target p50 ${burst.arrivalSpreadMs.p50} ms, max ${burst.arrivalSpreadMs.max} ms.` : 'arrival spread unknown (the target sent no X-Arrival-Ns).') + '</p>' : '';
  return `<h3>Timeline of requests and Twilio purchases</h3>
<p class="muted">Bars: a request from invoke to completion (green ok, red fail, amber unknown, grey settle/read). Diamonds: a committed purchase (hollow: the buyer never got the answer; cross: not committed). Drag to zoom, double-click to reset.</p>
${hidden}<div class="chart" data-chart="timeline" data-cell="${i}"></div>
<div class="two">${data.latency ? `<div><h3>Latency</h3><p>p50 ${l.p50} ms · p95 ${l.p95} ms · p99 ${l.p99} ms · max ${l.max} ms</p><div class="chart" data-chart="latency" data-cell="${i}"></div></div>` : ''}
${data.bursts ? `<div><h3>Burst spread</h3>${burstText}<div class="chart" data-chart="bursts" data-cell="${i}"></div></div>` : ''}</div>`;
}

function renderFaults(s: ScenarioResult): string {
  if (s.faults.length === 0) return '<h3>Faults</h3><p class="muted">No fault was planned.</p>';
  const rows = s.faults.map((f) => `<tr class="${f.landed < f.planned ? 'short' : ''}"><td>${esc(f.kind)}</td><td>${f.planned}</td><td>${f.landed}</td>`
    + `<td>${s.verdict === 'skipped' ? 'not applied: the scenario was skipped' : f.landed < f.planned ? `${f.planned - f.landed} did not land in their window` : 'all landed'}</td></tr>`).join('');
  return `<h3>Faults: planned vs landed</h3><table class="faults"><thead><tr><th>fault</th><th>planned</th><th>landed</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function renderViolations(s: ScenarioResult, i: number, cell: ReportCell | undefined, decisive: (inv: InvariantResult) => boolean): string {
  const layout = violationLayout(s, i);
  if (layout.blocks.length === 0) return '';
  const t0 = cell ? cellOrigin(cell) : 0n;
  const names = new Map((cell?.businesses ?? []).map((b) => [b.id, b.name ?? b.id]));
  const emitted = new Set<string>();
  // A business's first appearance carries its anchor (the load time series links to it).
  const idOf = (v: Violation): string => {
    const anchor = v.businessId === null ? undefined : layout.anchors.get(v.businessId);
    if (anchor === undefined || emitted.has(anchor)) return '';
    emitted.add(anchor);
    return ` id="${anchor}"`;
  };
  const blocks = layout.blocks.map(({ inv, full, listed, beyond }) => {
    const items = full.map((v) => {
      const who = v.businessId ? `${esc(names.get(v.businessId) ?? v.businessId)} <code>${esc(v.businessId)}</code>` : 'no single business';
      if (!cell) return `<div class="violation"${idOf(v)}><p><b>${who}</b>: ${esc(v.detail)}</p><p class="muted">No history was recorded for this scenario.</p></div>`;
      const { ops, ledger } = explainingEvidence(cell, v);
      return `<div class="violation"${idOf(v)}><p><b>${who}</b>: ${esc(v.detail)}</p><div class="evidence">`
        + `<div><h5>History: ${ops.length} request${ops.length === 1 ? '' : 's'}, invoke and completion</h5>${renderHistoryTable(historyRows(ops, t0))}</div>`
        + `<div><h5>Twilio ledger: ${ledger.length} purchase attempt${ledger.length === 1 ? '' : 's'}</h5>${renderLedgerTable(ledger, t0)}</div></div></div>`;
    }).join('');
    const more = listed.length + beyond;
    const rest = beyond > 0 ? `<p class="muted">${listed.length} of them listed, evenly spread over the run; all ${more} are in result.json.</p>` : '';
    const list = more ? `<details><summary>${more} more ${inv.code} violation(s), listed</summary><ul class="rest">`
      + listed.map((v) => `<li${idOf(v)}><code>${esc(v.businessId ?? '—')}</code> ${esc(v.detail)}</li>`).join('') + `</ul>${rest}</details>` : '';
    const tag = decisive(inv) ? '' : ' <span class="exp">expected</span>';
    return `<div class="inv-violations" id="s-${i}-${inv.code}"><h4>${inv.code}${tag}: ${inv.violations.length} violation(s)</h4>${items}${list}</div>`;
  }).join('');
  return `<h3>Violations, with the smallest history that explains each</h3><p class="muted">Times in ms since the scenario's first request.</p>${blocks}`;
}
