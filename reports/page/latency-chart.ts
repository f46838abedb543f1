// The latency histogram of a cell, with its p50 / p95 / p99 marked.
import { chartWidth, clipTo, dpr } from './canvas-shapes.ts';
import type { CellData, UPlot } from './page-data.ts';
import { page } from './page-data.ts';

export function drawLatency(el: HTMLElement, c: CellData, charts: UPlot[]): void {
  const h = c.latency!;
  const xs: number[] = [];
  const ys: number[] = [];
  let shapes = 0;
  for (let i = 0; i < h.counts.length; i++) {
    xs.push(i * h.binMs);
    ys.push(h.counts[i]!);
    if (h.counts[i]! > 0) shapes++;
  }
  const marks: [string, number][] = [['p50', h.p50], ['p95', h.p95], ['p99', h.p99]];
  const U = page.uPlot;
  charts.push(new U({
    width: chartWidth(el), height: 220, legend: { show: false }, cursor: { drag: { x: true, y: false } },
    scales: { x: { time: false, range: (_u, _lo, hi) => [0, hi + h.binMs] } },
    axes: [{ label: 'latency (ms)', size: 40 }, { label: 'requests', size: 50 }],
    series: [{}, { label: 'requests', fill: 'rgba(5,80,174,0.35)', stroke: '#0550ae', paths: U.paths.bars!({ align: 1, size: [1, 100] }), points: { show: false } }],
    hooks: { draw: [(u) => {
      const ctx = clipTo(u);
      marks.forEach((m, k) => {
        const x = u.valToPos(m[1], 'x', true);
        ctx.strokeStyle = '#1f2328';
        ctx.setLineDash([4 * dpr, (2 + 2 * k) * dpr]);
        ctx.lineWidth = dpr;
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.fillStyle = '#1f2328';
        ctx.font = `${11 * dpr}px sans-serif`;
        ctx.fillText(m[0], x + 3 * dpr, u.bbox.top + (12 + 12 * k) * dpr);
      });
      ctx.restore();
      el.setAttribute('data-shapes', String(shapes));
    }] },
  }, [xs, ys], el));
}
