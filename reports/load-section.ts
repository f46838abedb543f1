// Scenario sustained-load in the page: the profile and what was sent, dropped and measured, the
// thresholds, and the time series (drawn in the page from LoadChartData: four charts on one time
// axis with a shared cursor), with each marked violation also listed as a link to its business.
import type { CellData } from './cell-model.ts';
import { esc } from './html-escape.ts';
import type { ScenarioResult } from '../model/index.ts';

/** Violations listed as links under the charts (the rest are reachable from their markers). */
const LINKED_VIOLATIONS = 20;

export function renderLoadSection(s: ScenarioResult, i: number, data: CellData | undefined): string {
  const load = s.load;
  if (!load) return '';
  const stages = load.stages.map((st) => `${st.durationS} s → ${st.target}/s`).join(', ');
  const l = load.latencyMs;
  const summary = `<p>Profile ${esc(stages)} · achieved <b>${load.achievedRatePerS}/s</b> · <b>${load.arrivals}</b> sent · `
    + `<b class="${load.dropped > 0 ? 'broken' : ''}">${load.dropped}</b> dropped (max in flight ${load.maxInFlight}) · latency p50 ${l.p50} ms · p95 ${l.p95} ms · p99 ${l.p99} ms · max ${l.max} ms</p>`;
  const thresholds = load.thresholds.length === 0 ? '' : `<table class="thresholds"><thead><tr><th>threshold</th><th>measured</th><th>result</th></tr></thead><tbody>${
    load.thresholds.map((t) => `<tr><td><code>${esc(t.expression)}</code></td><td>${t.value}</td><td>${t.ok ? '<span class="held">✔ held</span>' : '<span class="broken">✘ failed</span>'}</td></tr>`).join('')}</tbody></table>`;
  const chart = data?.load;
  if (!chart) return `<h3>Load</h3>${summary}${thresholds}<p class="muted">No time series was recorded for this run.</p>`;
  const sampled = chart.widthS > 1 ? ` Long run: one point per ${chart.widthS} s (rates are per second over each point; latencies the highest second's).` : '';
  const m = chart.marks;
  const links = m.t.slice(0, LINKED_VIOLATIONS).map((t, k) => `<li><a href="#${m.anchor[k]}">${t.toFixed(1)} s · ${esc(m.label[k]!)}</a></li>`).join('');
  const more = m.t.length > LINKED_VIOLATIONS ? `<p class="muted">${m.t.length - LINKED_VIOLATIONS} more marked on the chart.</p>` : '';
  const unmarked = chart.unmarked > 0 ? `<p class="muted">${chart.unmarked} violating business(es) not marked (not listed on this page, or no purchase to place).</p>` : '';
  const list = m.t.length ? `<h4>Violations on the time axis (bought twice at)</h4><ul class="load-marks">${links}</ul>${more}` : '';
  return `<h3>Load over time</h3>${summary}${thresholds}
<p class="muted">Seconds since the arrival phase began; the charts share the time axis and the cursor. Drag to zoom all of them, double-click to reset.
✘ marks a business bought for twice, at its second purchase: click one to open its history.${sampled}</p>
<div class="chart load-chart" data-chart="load" data-cell="${i}"></div>${list}${unmarked}`;
}
