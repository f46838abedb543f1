// Shapes the charts draw on uPlot's canvas, in device pixels.
import type { UPlot } from './page-data.ts';

/** ok, fail, unknown, settle/read — the outcome colours of every chart. */
export const OUTCOME_COLOURS = ['#1a7f37', '#c0212d', '#bf8700', '#8c959f'];
export const dpr = window.devicePixelRatio || 1;

/** The canvas context, clipped to the plotting area; the caller restores it. */
export function clipTo(u: UPlot): CanvasRenderingContext2D {
  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  return ctx;
}

/** A purchase: filled (0), outlined (1), or outlined and crossed (2). */
export function diamond(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, kind: number): void {
  ctx.beginPath();
  ctx.moveTo(x, y - r);
  ctx.lineTo(x + r, y);
  ctx.lineTo(x, y + r);
  ctx.lineTo(x - r, y);
  ctx.closePath();
  ctx.lineWidth = 1.5 * dpr;
  ctx.strokeStyle = '#0b3d91';
  ctx.fillStyle = '#0b3d91';
  if (kind === 0) ctx.fill();
  else ctx.stroke();
  if (kind === 2) {
    ctx.beginPath();
    ctx.moveTo(x - r, y - r);
    ctx.lineTo(x + r, y + r);
    ctx.moveTo(x + r, y - r);
    ctx.lineTo(x - r, y + r);
    ctx.stroke();
  }
}

export function chartWidth(el: HTMLElement): number {
  return Math.max(300, Math.floor(el.getBoundingClientRect().width || (el.parentNode as HTMLElement).clientWidth || 600));
}
