// Turns one cell's raw evidence (history + ledger) into the compact data the page draws: a
// downsampled timeline, a latency histogram and per-burst spreads. Pure, so it is unit-tested and
// its size is predictable: a 1,000-business passing run must fit in a 1 MB page.
import type { LedgerPurchase } from '../fake-twilio/types.ts';
import type { Operation } from '../model/index.ts';
import type { ReportCell } from './report-input.ts';
import type { ScenarioResult } from '../model/index.ts';
import { loadChartData, type LoadChartData } from './load-series-model.ts';
import { ownerOf } from './purchase-owner.ts';

/** Businesses drawn in a timeline; the rest are summarised in one line. */
export const TIMELINE_ROWS = 50;

export interface TimelineData {
  names: string[];
  /** Rows (indices into names) whose business broke an invariant. */
  flagged: number[];
  /** Flat quadruples: row, invoke ms, complete ms, kind (0 ok, 1 fail, 2 info, 3 settle/read). */
  ops: number[];
  /** Flat triples: row, ms, kind (0 committed and answered, 1 committed but not answered, 2 not committed). */
  buys: number[];
  hidden: { businesses: number; requests: number; purchases: number };
}

export interface CellData {
  scenarioIndex: number;
  timeline: TimelineData;
  latency: { binMs: number; counts: number[]; p50: number; p95: number; p99: number } | null;
  bursts: { send: number[]; arrival: (number | null)[] } | null;
  /** sustained-load: the time series and violation markers (load-series-model.ts). */
  load: LoadChartData | null;
}

/** The origin of a cell's times: its first invoke or ledger receipt. */
export function cellOrigin(cell: ReportCell): bigint {
  let t0: bigint | null = null;
  for (const o of cell.history) { const t = BigInt(o.invokeNs); if (t0 === null || t < t0) t0 = t; }
  for (const p of cell.ledger.purchases) { const t = BigInt(p.receivedAtNs); if (t0 === null || t < t0) t0 = t; }
  return t0 ?? 0n;
}

/** Milliseconds since `t0`, rounded to microseconds (burst spreads are sub-millisecond). */
export function relMs(ns: string, t0: bigint): number {
  return Math.round(Number(BigInt(ns) - t0) / 1e3) / 1e3;
}

export { ownerOf } from './purchase-owner.ts';

export function violatedBusinesses(scenario: ScenarioResult | undefined): Set<string> {
  const out = new Set<string>();
  for (const inv of scenario?.invariants ?? []) for (const v of inv.violations) if (v.businessId) out.add(v.businessId);
  return out;
}

function opKind(o: Operation): number {
  if (o.client === 'settle' || o.client === 'read') return 3;
  return o.outcome === 'ok' ? 0 : o.outcome === 'fail' ? 1 : 2;
}

export function buildCellData(cell: ReportCell, scenario: ScenarioResult | undefined): CellData {
  const t0 = cellOrigin(cell);
  const ids = new Set(cell.businesses.map((b) => b.id));
  const violated = violatedBusinesses(scenario);
  const opsBy = new Map<string, Operation[]>();
  for (const o of cell.history) { const list = opsBy.get(o.businessId) ?? []; list.push(o); opsBy.set(o.businessId, list); }
  const buysBy = new Map<string, LedgerPurchase[]>();
  for (const p of cell.ledger.purchases) {
    const id = ownerOf(cell, p) ?? '(unattributed)';
    const list = buysBy.get(id) ?? []; list.push(p); buysBy.set(id, list);
  }
  const known = cell.businesses.map((b) => b.id);
  const extra = [...buysBy.keys(), ...opsBy.keys()].filter((id) => !ids.has(id));
  const all = [...new Set([...known, ...extra])];
  const names = new Map(cell.businesses.map((b) => [b.id, b.name ?? b.id]));
  // The most interesting businesses first: violations, then duplicate purchases, then faults/unknowns.
  const score = (id: string): number => {
    const committed = (buysBy.get(id) ?? []).filter((p) => p.committed).length;
    const odd = (opsBy.get(id) ?? []).some((o) => o.outcome === 'info' || o.fault !== null || (o.status ?? 0) >= 500);
    return (violated.has(id) ? 1e6 : 0) + (committed > 1 ? 1e4 * committed : 0) + (odd ? 100 : 0) + (committed === 0 ? 10 : 0);
  };
  const order = all.map((id, i) => ({ id, i, s: score(id) })).sort((a, b) => b.s - a.s || a.i - b.i);
  const shown = order.slice(0, TIMELINE_ROWS).map((x) => x.id);
  const timeline: TimelineData = { names: [], flagged: [], ops: [], buys: [], hidden: { businesses: 0, requests: 0, purchases: 0 } };
  shown.forEach((id, row) => {
    timeline.names.push(names.get(id) ?? id);
    if (violated.has(id)) timeline.flagged.push(row);
    for (const o of opsBy.get(id) ?? []) timeline.ops.push(row, relMs(o.invokeNs, t0), relMs(o.completeNs, t0), opKind(o));
    for (const p of buysBy.get(id) ?? []) {
      const at = relMs(p.committedAtNs ?? p.receivedAtNs, t0);
      timeline.buys.push(row, at, !p.committed ? 2 : p.response === 'sent' ? 0 : 1);
    }
  });
  for (const { id } of order.slice(TIMELINE_ROWS)) {
    timeline.hidden.businesses++;
    timeline.hidden.requests += opsBy.get(id)?.length ?? 0;
    timeline.hidden.purchases += (buysBy.get(id) ?? []).filter((p) => p.committed).length;
  }
  const histogram = cell.findings?.latency ?? null;
  const p = scenario?.latencyMs ?? { p50: 0, p95: 0, p99: 0 };
  return {
    scenarioIndex: cell.scenarioIndex,
    timeline,
    latency: histogram ? { ...histogram, p50: p.p50, p95: p.p95, p99: p.p99 } : null,
    bursts: cell.findings?.spreads ?? null,
    load: scenario ? loadChartData(cell, scenario) : null,
  };
}
