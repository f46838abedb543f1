import { describe, expect, it } from 'vitest';
import { reportFixture } from './fixtures.ts';
import { renderHtmlReport } from './html-report.ts';
import { loadChartData } from './load-series-model.ts';
import type { ScenarioResult } from '../model/index.ts';

describe('the load time series the page draws', () => {
  it('turns the bounded series into per-second rates on the arrival phase\'s time axis', () => {
    const { result, cells } = reportFixture('load');
    const s: ScenarioResult = structuredClone(result.scenarios[0]!);
    s.load!.series = [
      { t: 2, arrivals: 20, completed: 18, inFlight: 4, p50Ms: 300, p95Ms: 700, p99Ms: 900, purchases: 16, violations: 1, dropped: 2 },
      { t: 4, arrivals: 10, completed: 14, inFlight: 0, p50Ms: 320, p95Ms: 800, p99Ms: 950, purchases: 9, violations: 2, dropped: 0 },
      { t: 4.5, arrivals: 0, completed: 0, inFlight: 0, p95Ms: 0, purchases: 1, violations: 2 },
    ];
    const d = loadChartData(cells[0], s)!;
    expect(d.widthS).toBe(2);
    expect(d.sent).toEqual([10, 5, 0]);
    expect(d.due).toEqual([11, 5, 0]);
    expect(d.dropped).toEqual([1, 0, 0]);
    // The drain's last half second is counted as a second, not doubled.
    expect(d.purchases).toEqual([8, 4.5, 1]);
    expect(d.violations).toEqual([1, 2, 2]);
    // No request answered in a point: no latency to draw there (a gap, never a 0 ms dip).
    expect(d.p95).toEqual([700, 800, null]);
    expect(d.p50).toEqual([300, 320, null]);
  });

  it('leaves out what an older result lacks (p50, p99, dropped) instead of drawing zeros', () => {
    const { result, cells } = reportFixture('load');
    const s: ScenarioResult = structuredClone(result.scenarios[0]!);
    s.load!.series = s.load!.series.map(({ p50Ms: _a, p99Ms: _b, dropped: _c, ...rest }) => rest);
    const d = loadChartData(cells[0], s)!;
    expect([d.p50, d.p99, d.dropped]).toEqual([null, null, null]);
    expect(d.p95.some((v) => v !== null && v > 0)).toBe(true);
  });

  it('marks each violating business at its second purchase, linked to an element the page has', () => {
    const input = reportFixture('load');
    const cell = input.cells[0]!;
    const s = input.result.scenarios[0]!;
    const d = loadChartData(cell, s)!;
    const violating = new Set(s.invariants.flatMap((inv) => inv.violations.map((v) => v.businessId)));
    expect(d.marks.t.length).toBe(violating.size);
    expect(d.unmarked).toBe(0);
    // Times are in order, inside the run, and at the commit of the business's second purchase.
    for (let k = 1; k < d.marks.t.length; k++) expect(d.marks.t[k]).toBeGreaterThanOrEqual(d.marks.t[k - 1]!);
    const first = d.marks.anchor[0]!;
    const id = [...violating].find((b) => first.endsWith(`-b-${b}`))!;
    const commits = cell.ledger.purchases.filter((p) => cell.findings!.owners[p.seq] === id).map((p) => Number(BigInt(p.committedAtNs!) - BigInt(s.load!.startedAtNs!)) / 1e9);
    expect(d.marks.t[0]).toBeCloseTo(commits.sort((a, b) => a - b)[1]!, 3);
    const html = renderHtmlReport(input);
    for (const anchor of d.marks.anchor) expect(html).toContain(` id="${anchor}"`);
    expect(html).toContain(`<a href="#${first}">`);
  });

  it('has nothing to draw for a cell that is not a load run', () => {
    const { result, cells } = reportFixture('pass');
    expect(loadChartData(cells[0], result.scenarios[0]!)).toBeNull();
  });
});
