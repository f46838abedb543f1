// `incident:reproduce`: Tom's Garage under the incident's code and under the fix, side by side, in
// the terms of the incident report (numbers bought, orphans, what it costs each month).
import { esc } from './html-escape.ts';
import type { IncidentComparison, IncidentEvent } from './report-input.ts';
import { VERDICT_ICON, VERDICT_WORD } from './verdict-text.ts';

const clock = (ms: number, timeScale: number): string => {
  const s = Math.round((ms * timeScale) / 1000);
  return `+${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

function eventText(e: IncidentEvent): string {
  if (e.kind === 'purchase') return `Twilio ${e.committed === false ? 'received (not committed)' : 'committed'} ${e.phoneNumber ?? ''}`;
  if (e.kind === 'release') return `released ${e.phoneNumber ?? ''}`;
  return e.label;
}

export function renderIncident(incident: IncidentComparison): string {
  const columns = incident.rows.map((row, r) => {
    const verdict = row.verdict ? `<span class="mv v-${row.verdict}">${VERDICT_ICON[row.verdict]} ${VERDICT_WORD[row.verdict]}</span>` : '';
    const events = [...row.timeline].sort((a, b) => a.atMs - b.atMs).map((e) => `<tr class="ie-${e.kind}${e.outcome ? ` h-${e.outcome}` : ''}">`
      + `<td>${clock(e.atMs, incident.timeScale)}</td><td>${e.atMs.toFixed(0)}</td><td>${esc(e.kind)}</td><td>${esc(eventText(e))}</td></tr>`).join('');
    const link = row.scenarioIndex !== undefined ? ` <a href="#s-${row.scenarioIndex}">details</a>` : '';
    return `<div class="incident-col" data-strategy="${esc(row.strategy)}"><h3>${esc(row.strategy)} ${verdict}${link}</h3>
<dl class="numbers"><div><dt>numbers bought</dt><dd class="${row.numbersBought > 1 ? 'broken' : 'held'}">${row.numbersBought}</dd></div>
<div><dt>in our database</dt><dd>${row.numbersInDatabase}</dd></div>
<div><dt>orphans at Twilio</dt><dd class="${row.orphans > 0 ? 'broken' : 'held'}">${row.orphans}</dd></div>
<div><dt>wasted each month</dt><dd class="${row.monthlyCostUsd > 0 ? 'broken' : 'held'}">$${row.monthlyCostUsd.toFixed(2)}</dd></div></dl>
<p class="muted">${row.numbersBought} number(s) at $${incident.priceUsdPerMonth.toFixed(2)} = $${(row.numbersBought * incident.priceUsdPerMonth).toFixed(2)} a month in all.</p>
<div class="chart" data-chart="incident" data-row="${r}"></div>
<table class="incident-events"><thead><tr><th>incident time</th><th>replay ms</th><th>event</th><th></th></tr></thead><tbody>${events}</tbody></table></div>`;
  }).join('');
  const area = incident.areaCode ? ` (area code ${esc(incident.areaCode)})` : '';
  return `<section class="incident" id="incident"><h2>The incident: ${esc(incident.businessName)}${area}</h2>
<p>Five clicks of “Launch Dashboard” at the incident's times, replayed ${incident.timeScale}× faster; the first four purchases' responses are lost
after Twilio committed them, as on 2025-06-13. Each number costs $${incident.priceUsdPerMonth.toFixed(2)} a month.</p>
<div class="incident-grid">${columns}</div></section>`;
}
