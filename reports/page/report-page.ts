// The report page's own script (bundled by esbuild into one IIFE and inlined after uPlot): reads
// the inlined run data and draws the charts. Charts are drawn when their scenario is opened, so
// a 30-cell matrix opens quickly. Each chart records how many shapes it drew in data-shapes: the
// browser tests check that every chart drew something.
import { drawBursts } from './bursts-chart.ts';
import { drawIncident } from './incident-chart.ts';
import { drawLatency } from './latency-chart.ts';
import { drawLoad } from './load-chart.ts';
import { page, readRunData, type CellData, type UPlot } from './page-data.ts';
import { drawTimeline } from './timeline-chart.ts';

const data = readRunData();
page.__exactlyOne = data;
const charts: UPlot[] = (page.__exactlyOneCharts = []);
const cells: Record<number, CellData> = {};
data.cells.forEach((c) => { cells[c.scenarioIndex] = c; });

function draw(el: HTMLElement): void {
  if (el.getAttribute('data-drawn')) return;
  el.setAttribute('data-drawn', '1');
  const kind = el.getAttribute('data-chart');
  if (kind === 'incident') {
    drawIncident(el, data.incident!, data.incident!.rows[Number(el.getAttribute('data-row'))]!, charts);
    return;
  }
  const c = cells[Number(el.getAttribute('data-cell'))];
  if (!c) return;
  if (kind === 'timeline') drawTimeline(el, c, charts);
  else if (kind === 'latency') drawLatency(el, c, charts);
  else if (kind === 'bursts') drawBursts(el, c, charts);
  else if (kind === 'load') drawLoad(el, c, charts);
}

function drawIn(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>('.chart').forEach(draw);
}

document.querySelectorAll<HTMLDetailsElement>('details.scenario').forEach((d) => {
  if (d.open) drawIn(d);
  d.addEventListener('toggle', () => { if (d.open) drawIn(d); });
});

// A link to a violation inside a closed scenario opens it (and draws its charts) before scrolling.
function reveal(): void {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!target) return;
  for (let d = target.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
  target.scrollIntoView();
}
window.addEventListener('hashchange', reveal);
reveal();
const inc = document.getElementById('incident');
if (inc) drawIn(inc);
document.documentElement.setAttribute('data-ready', '1');
