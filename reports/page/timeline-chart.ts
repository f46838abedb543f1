// Requests and purchases per business over time: one row per business, a bar per request
// (coloured by outcome), a diamond per purchase; rows of businesses that broke an invariant are
// tinted and marked ✘. Pointing at a row says in words what was in flight there.
import { OUTCOME_COLOURS, chartWidth, clipTo, diamond, dpr } from './canvas-shapes.ts';
import type { CellData, UPlot } from './page-data.ts';
import { page } from './page-data.ts';

const KIND = ['ok', 'fail', 'unknown', 'settle/read'];
const BUY = ['committed, answered', 'committed, answer lost', 'not committed'];
const HINT = 'Point at a business to read what was in flight; drag to zoom.';

export function drawTimeline(el: HTMLElement, c: CellData, charts: UPlot[]): void {
  const tl = c.timeline;
  const n = tl.names.length;
  let xmax = 1;
  let shapes = 0;
  for (let i = 2; i < tl.ops.length; i += 4) xmax = Math.max(xmax, tl.ops[i]!);
  for (let j = 1; j < tl.buys.length; j += 3) xmax = Math.max(xmax, tl.buys[j]!);
  const flagged: Record<number, boolean> = {};
  tl.flagged.forEach((r) => { flagged[r] = true; });
  const rows: number[] = [];
  for (let r = 0; r < n; r++) rows.push(r);
  const info = document.createElement('div');
  info.className = 'hover';
  info.textContent = HINT;

  // What is under the pointer, in words: the canvas alone cannot say which request is which.
  function describe(u: UPlot): void {
    if (u.cursor.left == null || u.cursor.left < 0) { info.textContent = HINT; return; }
    const x = u.posToVal(u.cursor.left, 'x');
    const row = Math.round(u.posToVal(u.cursor.top!, 'y'));
    if (row < 0 || row >= n) { info.textContent = HINT; return; }
    const tol = Math.abs(u.posToVal(u.cursor.left + 6, 'x') - x);
    const inflight: string[] = [];
    const buys: string[] = [];
    for (let i = 0; i < tl.ops.length; i += 4) {
      if (tl.ops[i] === row && tl.ops[i + 1]! - tol <= x && x <= tl.ops[i + 2]! + tol) {
        inflight.push(`${KIND[tl.ops[i + 3]!]} ${tl.ops[i + 1]!.toFixed(1)}→${tl.ops[i + 2]!.toFixed(1)} ms`);
      }
    }
    for (let b = 0; b < tl.buys.length; b += 3) {
      if (tl.buys[b] === row && Math.abs(tl.buys[b + 1]! - x) <= tol) buys.push(`${BUY[tl.buys[b + 2]!]} at ${tl.buys[b + 1]!.toFixed(1)} ms`);
    }
    info.textContent = `${tl.names[row]} at ${x.toFixed(1)} ms: ${inflight.length ? `${inflight.length} request(s) [${inflight.join('; ')}]` : 'no request in flight'}`
      + (buys.length ? `; purchase ${buys.join('; ')}` : '');
  }

  function drawShapes(u: UPlot): void {
    const ctx = clipTo(u);
    const rowH = Math.abs(u.valToPos(1, 'y', true) - u.valToPos(0, 'y', true)) || 18 * dpr;
    shapes = 0;
    for (let f = 0; f < n; f++) {
      if (flagged[f]) {
        ctx.fillStyle = 'rgba(192,33,45,0.08)';
        ctx.fillRect(u.bbox.left, u.valToPos(f, 'y', true) - rowH / 2, u.bbox.width, rowH);
      }
    }
    const lane: Record<number, number> = {};
    for (let i = 0; i < tl.ops.length; i += 4) {
      const row = tl.ops[i]!;
      const k = (lane[row] = (lane[row] || 0) + 1);
      const y = u.valToPos(row, 'y', true) - rowH * 0.35 + ((k - 1) % 5) * rowH * 0.14;
      const x0 = u.valToPos(tl.ops[i + 1]!, 'x', true);
      const x1 = u.valToPos(tl.ops[i + 2]!, 'x', true);
      ctx.fillStyle = OUTCOME_COLOURS[tl.ops[i + 3]!]!;
      ctx.fillRect(x0, y, Math.max(1.5 * dpr, x1 - x0), Math.max(1, rowH * 0.11));
      shapes++;
    }
    for (let b = 0; b < tl.buys.length; b += 3) {
      diamond(ctx, u.valToPos(tl.buys[b + 1]!, 'x', true), u.valToPos(tl.buys[b]!, 'y', true), Math.min(7 * dpr, rowH * 0.4), tl.buys[b + 2]!);
      shapes++;
    }
    ctx.restore();
    el.setAttribute('data-shapes', String(shapes));
  }

  const opts: uPlot.Options = {
    width: chartWidth(el), height: Math.max(140, n * 18 + 60), legend: { show: false },
    cursor: { drag: { x: true, y: false }, points: { show: false } },
    scales: { x: { time: false, range: (_u, lo, hi) => [Math.max(0, lo), hi] }, y: { range: [-0.6, n - 0.4], dir: -1, ori: 1 } },
    axes: [{ label: 'ms since the first request', size: 40 },
      { size: 150, splits: () => rows, values: (_u, s) => s.map((v) => (flagged[v] ? '✘ ' : '') + (tl.names[v] || '')), grid: { show: false } }],
    series: [{}, { stroke: 'transparent', points: { show: false } }],
    hooks: { setCursor: [describe], draw: [drawShapes] },
  };
  charts.push(new page.uPlot(opts, [[0, xmax], [null, null]], el));
  el.appendChild(info);
}
