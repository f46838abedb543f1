// sustained-load over time: four charts stacked on one time axis (arrivals, in flight, latency,
// purchases and violations) with one cursor (uPlot's cursor sync) and one zoom (a drag in any of
// them sets the x range of all). Violations are ✘ markers at the second purchase of each business;
// a click on one goes to that business's history in the violations section.
import { chartWidth, clipTo, dpr } from './canvas-shapes.ts';
import type { CellData, UPlot } from './page-data.ts';
import { page } from './page-data.ts';

type Load = NonNullable<CellData['load']>;
type Column = (number | null)[];

const AXIS_SIZE = 60;
const MARK_HIT_PX = 7;

function line(label: string, stroke: string, dash?: number[], scale?: string): uPlot.Series {
  return { label, stroke, width: 1.5, ...(dash ? { dash } : {}), ...(scale ? { scale } : {}), points: { show: false }, spanGaps: false };
}

interface Panel { key: string; title: string; unit: string; series: uPlot.Series[]; columns: Column[] }

function panels(d: Load): Panel[] {
  const latency: Panel = { key: 'latency', title: 'latency per second', unit: 'ms', series: [], columns: [] };
  if (d.p50) { latency.series.push(line('p50', '#1a7f37')); latency.columns.push(d.p50); }
  latency.series.push(line('p95', '#bf8700')); latency.columns.push(d.p95);
  // Dashed: where p99 equals p95 (few requests in a second) both stay visible.
  if (d.p99) { latency.series.push(line('p99', '#c0212d', [5, 3])); latency.columns.push(d.p99); }
  const arrivals: Panel = { key: 'arrivals', title: 'arrivals per second', unit: 'per s',
    series: [line('due (profile)', '#8c959f', [4, 3]), line('sent (achieved rate)', '#0550ae'), line('completed', '#8250df')], columns: [d.due, d.sent, d.completed] };
  if (d.dropped) { arrivals.series.push(line('dropped', '#c0212d')); arrivals.columns.push(d.dropped); }
  return [
    arrivals,
    { key: 'in-flight', title: 'in flight', unit: 'requests', series: [line('in flight', '#0550ae')], columns: [d.inFlight] },
    latency,
    { key: 'purchases', title: 'purchases and violations', unit: 'per s',
      series: [line('purchases per second', '#0b3d91'), line('bought twice so far (right axis)', '#c0212d', undefined, 'twice')], columns: [d.purchases, d.violations] },
  ];
}

export function drawLoad(el: HTMLElement, c: CellData, charts: UPlot[]): void {
  const d = c.load!;
  const width = chartWidth(el);
  const group: UPlot[] = [];
  const syncKey = `load-${c.scenarioIndex}`;
  let shapes = 0;
  let syncing = false;
  // One zoom for the group: a range set on one chart is set on the others.
  const shareRange = (u: UPlot, key: string): void => {
    if (key !== 'x' || syncing) return;
    syncing = true;
    const x = u.scales.x!;
    for (const other of group) if (other !== u) other.setScale('x', { min: x.min!, max: x.max! });
    syncing = false;
  };
  const xmax = Math.max(d.t[d.t.length - 1] ?? 1, ...d.marks.t);
  const all = panels(d);
  for (const p of all) {
    const last = p === all[all.length - 1];
    const holder = document.createElement('div');
    holder.setAttribute('data-load-panel', p.key);
    el.appendChild(holder);
    shapes += p.columns.reduce((n, col) => n + col.filter((v) => v !== null).length, 0);
    const isPurchases = p.key === 'purchases';
    const u = new page.uPlot({
      title: p.title, width, height: isPurchases ? 200 : 160,
      cursor: { sync: { key: syncKey, setSeries: false }, drag: { x: true, y: false }, points: { show: false } },
      // Counts, rates and latencies from 0, so a flat line is not read as a swing.
      scales: { x: { time: false, range: (_u, lo, hi) => [Math.max(0, lo), hi] }, y: { range: fromZero }, ...(isPurchases ? { twice: { range: fromZero } } : { gutter: { range: [0, 1] } }) },
      legend: { show: true, live: true },
      // One time axis for the stack: its label under the last chart only.
      axes: [last ? { label: 'seconds since the arrival phase began', size: 36, labelSize: 18 } : { size: 28 }, { label: p.unit, size: AXIS_SIZE },
        // Every chart keeps a right-hand gutter of the same size, so their time axes line up.
        isPurchases ? { scale: 'twice', side: 1, label: 'bought twice', size: AXIS_SIZE, grid: { show: false } } : { scale: 'gutter', side: 1, size: AXIS_SIZE, label: '\u00a0', show: true, values: () => [], grid: { show: false }, ticks: { show: false } }],
      series: [{ label: 't (s)' }, ...p.series],
      hooks: {
        setScale: [shareRange],
        draw: isPurchases ? [(plot) => { drawMarks(plot, d); el.setAttribute('data-shapes', String(shapes + d.marks.t.length)); }] : [],
      },
    }, [withEnds(d.t, xmax), ...p.columns.map((col) => [null, ...col, null])] as uPlot.AlignedData, holder);
    if (isPurchases) u.over.addEventListener('click', () => openMark(u, d));
    group.push(u);
    charts.push(u);
  }
}

function fromZero(_u: UPlot, _lo: number | null, hi: number | null): [number, number] {
  return [0, hi !== null && hi > 0 ? hi * 1.08 : 1];
}

/**
 * The x column from 0 (the first point ends at 1 s, and a violation can come before it) to just past
 * the last point or marker, so every marker is inside the axis; the columns get null at both ends.
 */
function withEnds(t: number[], xmax: number): number[] {
  return [0, ...t, Math.max(xmax, t[t.length - 1] ?? 0) + 1e-3];
}

function drawMarks(u: UPlot, d: Load): void {
  const ctx = clipTo(u);
  const y = u.bbox.top + 10 * dpr;
  const r = 4 * dpr;
  ctx.strokeStyle = '#c0212d';
  ctx.lineWidth = 2 * dpr;
  for (const t of d.marks.t) {
    const x = u.valToPos(t, 'x', true);
    ctx.beginPath();
    ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r);
    ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r);
    ctx.stroke();
  }
  ctx.restore();
}

/** The marker nearest the click (within a few pixels, on the markers' row) → its business's history. */
function openMark(u: UPlot, d: Load): void {
  const left = u.cursor.left;
  const top = u.cursor.top;
  if (left == null || top == null || top > 22) return;
  let best = -1;
  let bestPx = MARK_HIT_PX + 1;
  d.marks.t.forEach((t, k) => {
    const px = Math.abs(u.valToPos(t, 'x') - left);
    if (px < bestPx) { bestPx = px; best = k; }
  });
  if (best < 0) return;
  const anchor = d.marks.anchor[best]!;
  // The same marker twice is no hashchange: scroll to it again by hand.
  if (location.hash === `#${anchor}`) document.getElementById(anchor)?.scrollIntoView();
  else location.hash = anchor;
}
