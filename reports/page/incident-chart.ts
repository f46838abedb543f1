// One row of `reproduce`'s incident comparison on the incident's own clock (replay time × the
// time scale): clicks, responses and Twilio purchases / releases in three lanes.
import { OUTCOME_COLOURS, chartWidth, clipTo, diamond, dpr } from './canvas-shapes.ts';
import type { IncidentComparison, IncidentRow, UPlot } from './page-data.ts';
import { page } from './page-data.ts';

const LANES = { click: 0, response: 1, purchase: 2, release: 2 } as const;
const NAMES = ['clicks', 'responses', 'Twilio'];

export function drawIncident(el: HTMLElement, incident: IncidentComparison, row: IncidentRow, charts: UPlot[]): void {
  const scale = incident.timeScale;
  let maxS = 1;
  incident.rows.forEach((r) => { r.timeline.forEach((e) => { maxS = Math.max(maxS, (e.atMs * scale) / 1000); }); });
  charts.push(new page.uPlot({
    width: chartWidth(el), height: 170, legend: { show: false }, cursor: { drag: { x: true, y: false }, points: { show: false } },
    scales: { x: { time: false, range: [-20, maxS * 1.05] }, y: { range: [-0.6, 2.6], dir: -1, ori: 1 } },
    axes: [{ label: 'seconds since the first click (incident time)', size: 40 },
      { size: 80, splits: () => [0, 1, 2], values: (_u, s) => s.map((v) => NAMES[v] || '') }],
    series: [{}, { stroke: 'transparent', points: { show: false } }],
    hooks: { draw: [(u) => {
      const ctx = clipTo(u);
      let shapes = 0;
      row.timeline.forEach((e) => {
        const x = u.valToPos((e.atMs * scale) / 1000, 'x', true);
        const y = u.valToPos(LANES[e.kind], 'y', true);
        const r = 7 * dpr;
        if (e.kind === 'purchase' || e.kind === 'release') diamond(ctx, x, y, r, e.kind === 'release' ? 1 : 0);
        else if (e.kind === 'click') {
          ctx.fillStyle = '#1f2328';
          ctx.beginPath();
          ctx.moveTo(x, y - r);
          ctx.lineTo(x + r, y + r);
          ctx.lineTo(x - r, y + r);
          ctx.closePath();
          ctx.fill();
        } else {
          ctx.fillStyle = OUTCOME_COLOURS[e.outcome === 'ok' ? 0 : e.outcome === 'fail' ? 1 : 2]!;
          ctx.beginPath();
          ctx.arc(x, y, r * 0.8, 0, 7);
          ctx.fill();
        }
        shapes++;
      });
      ctx.restore();
      el.setAttribute('data-shapes', String(shapes));
    }] },
  }, [[0, maxS], [null, null]], el));
}
