// Scenario sustained-load's time series as the page draws it: result.json's bounded `load.series`
// turned into per-second rates on one time axis (seconds since the arrival phase began), and each
// violating business placed on that axis at its duplicate purchase. Pure, so it is unit-tested;
// its size does not grow with the run (the series is bounded at 600 points, the markers at
// MARKED_VIOLATIONS).
import type { LedgerPurchase } from '../fake-twilio/types.ts';
import type { LoadResult, ScenarioResult } from '../model/index.ts';
import { ownerOf } from './purchase-owner.ts';
import type { ReportCell } from './report-input.ts';
import { violationLayout } from './violation-layout.ts';

/** Violation markers drawn on the time axis at most; the rest are counted in the violations line. */
export const MARKED_VIOLATIONS = 2000;

export interface LoadMarks {
  /** Seconds since the arrival phase began, one per marked business. */
  t: number[];
  /** The element id of the business's violation in the page (`#` + it opens its history). */
  anchor: string[];
  label: string[];
}

export interface LoadChartData {
  /** End of each point, seconds since the arrival phase began. */
  t: number[];
  /** Seconds each point covers: 1 while the run is short, doubled each time the series was compacted. */
  widthS: number;
  /** Per second over each point. `due` = sent + dropped: the profile as scheduled. */
  due: number[];
  sent: number[];
  dropped: number[] | null;
  completed: number[];
  purchases: number[];
  /** As at each point's end. */
  inFlight: number[];
  /** Businesses bought for twice so far (the fake's event stream), as at each point's end. */
  violations: number[];
  /** Latency of the requests answered within each point (null: none answered; p50/p99 absent in older results). */
  p50: (number | null)[] | null;
  p95: (number | null)[];
  p99: (number | null)[] | null;
  marks: LoadMarks;
  /** Violating businesses not marked: beyond MARKED_VIOLATIONS, not shown in the page, or with no purchase to place. */
  unmarked: number;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function loadChartData(cell: ReportCell | undefined, scenario: ScenarioResult): LoadChartData | null {
  const load = scenario.load;
  if (!load || load.series.length === 0) return null;
  const series = load.series;
  const dts = series.map((p, k) => p.t - (k === 0 ? 0 : series[k - 1]!.t));
  const width = Math.max(1, ...dts.slice(0, -1).map((d) => Math.round(d)));
  // A point shorter than a second (the drain's last part-second) is counted as one second, not scaled up.
  const perS = (pick: (p: LoadResult['series'][number]) => number) => series.map((p, k) => round(pick(p) / Math.max(dts[k]!, 1)));
  const hasDropped = series.some((p) => p.dropped !== undefined);
  const answered = series.map((p) => p.completed > 0);
  const latency = (pick: (p: LoadResult['series'][number]) => number | undefined) => series.map((p, k) => (answered[k] ? pick(p) ?? null : null));
  return {
    t: series.map((p) => p.t),
    widthS: width,
    due: perS((p) => p.arrivals + (p.dropped ?? 0)),
    sent: perS((p) => p.arrivals),
    dropped: hasDropped ? perS((p) => p.dropped ?? 0) : null,
    completed: perS((p) => p.completed),
    purchases: perS((p) => p.purchases),
    inFlight: series.map((p) => p.inFlight),
    violations: series.map((p) => p.violations),
    p50: series.some((p) => p.p50Ms !== undefined) ? latency((p) => p.p50Ms) : null,
    p95: latency((p) => p.p95Ms),
    p99: series.some((p) => p.p99Ms !== undefined) ? latency((p) => p.p99Ms) : null,
    ...violationMarks(cell, scenario, load),
  };
}

/**
 * Each violating business the page shows, at the moment it was bought for a second time (the commit
 * of its second committed purchase; its last purchase attempt when fewer were committed).
 */
function violationMarks(cell: ReportCell | undefined, scenario: ScenarioResult, load: LoadResult): { marks: LoadMarks; unmarked: number } {
  const marks: LoadMarks = { t: [], anchor: [], label: [] };
  const violating = new Set(scenario.invariants.flatMap((inv) => inv.violations.map((v) => v.businessId)).filter((id): id is string => id !== null));
  if (!cell) return { marks, unmarked: violating.size };
  const index = cell.scenarioIndex;
  const { anchors } = violationLayout(scenario, index);
  const codes = new Map<string, string[]>();
  for (const inv of scenario.invariants) for (const v of inv.violations) if (v.businessId) codes.set(v.businessId, [...(codes.get(v.businessId) ?? []), inv.code]);
  const buys = new Map<string, LedgerPurchase[]>();
  for (const p of cell.ledger.purchases) {
    const owner = ownerOf(cell, p);
    if (owner !== null && anchors.has(owner)) buys.set(owner, [...(buys.get(owner) ?? []), p]);
  }
  const origin = load.startedAtNs !== undefined ? BigInt(load.startedAtNs) : firstLoadInvoke(cell);
  const names = new Map(cell.businesses.map((b) => [b.id, b.name ?? b.id]));
  const placed: { t: number; anchor: string; label: string }[] = [];
  for (const [id, anchor] of anchors) {
    const at = secondPurchaseNs(buys.get(id) ?? []);
    if (at === null || placed.length >= MARKED_VIOLATIONS) continue;
    const t = round(Number(at - origin) / 1e9, 3);
    placed.push({ t, anchor, label: `${names.get(id) ?? id}: ${[...new Set(codes.get(id))].join(', ')}` });
  }
  placed.sort((a, b) => a.t - b.t);
  for (const m of placed) { marks.t.push(m.t); marks.anchor.push(m.anchor); marks.label.push(m.label); }
  return { marks, unmarked: violating.size - placed.length };
}

function secondPurchaseNs(purchases: LedgerPurchase[]): bigint | null {
  const committed = purchases.filter((p) => p.committed && p.committedAtNs !== null).map((p) => BigInt(p.committedAtNs!)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (committed.length >= 2) return committed[1]!;
  const last = purchases.map((p) => BigInt(p.receivedAtNs)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).at(-1);
  return last ?? null;
}

/** Older results have no startedAtNs: the first load request is the closest the history has to the phase's start. */
function firstLoadInvoke(cell: ReportCell): bigint {
  let first: bigint | null = null;
  for (const o of cell.history) if (o.client === 'load') { const t = BigInt(o.invokeNs); if (first === null || t < first) first = t; }
  return first ?? 0n;
}
