// Send and arrival spread of each burst of a cell, as dots (arrival hollow).
import { chartWidth } from './canvas-shapes.ts';
import type { CellData, UPlot } from './page-data.ts';
import { page } from './page-data.ts';

function dots(stroke: string, label: string, fill: string): uPlot.Series {
  return { label, stroke, paths: () => null, points: { show: true, size: 5, stroke, fill } };
}

export function drawBursts(el: HTMLElement, c: CellData, charts: UPlot[]): void {
  const b = c.bursts!;
  const xs = b.send.map((_, i) => i);
  const shapes = b.send.length + b.arrival.filter((v) => v !== null).length;
  charts.push(new page.uPlot({
    width: chartWidth(el), height: 220, legend: { live: false }, cursor: { drag: { x: true, y: false } },
    scales: { x: { time: false } },
    axes: [{ label: 'burst', size: 40 }, { label: 'spread (ms)', size: 50 }],
    series: [{ label: 'burst' }, dots('#8250df', 'send spread (ms)', '#8250df'), dots('#bf3989', 'arrival spread (ms)', '#fff')],
    hooks: { draw: [() => { el.setAttribute('data-shapes', String(shapes)); }] },
  }, [xs, b.send, b.arrival], el));
}
