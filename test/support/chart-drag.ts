// A drag across a chart with the mouse, as a reader zooms a uPlot chart: press at `from`, move in
// steps to `to` (fractions of the box's width, at its middle height), release.
import type { Page } from 'playwright-core';

export async function dragAcross(page: Page, box: { x: number; y: number; width: number; height: number }, from: number, to: number): Promise<void> {
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to, y, { steps: 5 });
  await page.mouse.up();
}
