// A sustained-load cell for tests, shaped like what the harness records: open-model arrivals at a
// fixed rate, a share of them with a duplicate 10–60 ms later, and (for a buggy strategy) both
// requests of some duplicates buying a number. Its `load.series` is bounded as the driver bounds
// it (at most 600 points: one per second, twice as wide each time it would overflow).
import type { LedgerPurchase } from '../fake-twilio/types.ts';
import { INVARIANT_CODES, type InvariantCode, type LoadSeriesPoint, type Operation, type ScenarioResult, type Violation } from '../model/index.ts';
import { seededRandom } from './fixture-cell.ts';
import type { ReportCell } from './report-input.ts';

export interface LoadCellSpec {
  strategy: string;
  ratePerS: number;
  durationS: number;
  /** Share of arrivals that also send a duplicate. */
  duplicates: number;
  /** Share of the duplicates that buy a second number (0 for a correct strategy). */
  doubleBuys: number;
  seed?: number;
}

const ORIGIN_NS = 7_000_000_000_000n;
const ns = (s: number): bigint => ORIGIN_NS + BigInt(Math.round(s * 1e9));
const MAX_POINTS = 600;

export function generateLoadCell(spec: LoadCellSpec, scenarioIndex: number): { cell: ReportCell; scenario: ScenarioResult } {
  const rnd = seededRandom(spec.seed ?? 14);
  const latencyS = (): number => 0.45 * Math.exp(0.5 * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));
  const total = Math.round(spec.ratePerS * spec.durationS);
  const history: Operation[] = [];
  const purchases: LedgerPurchase[] = [];
  const owners: Record<number, string> = {};
  const broken: Partial<Record<InvariantCode, Violation[]>> = {};
  const businesses = Array.from({ length: total }, (_, i) => ({ id: `load-${i + 1}`, name: `Load business ${i + 1}` }));
  const ticks = Array.from({ length: Math.ceil(spec.durationS) + 2 }, () => ({ arrivals: 0, started: 0, completed: 0, purchases: 0, violations: 0, latencies: [] as number[] }));
  const tickOf = (s: number) => ticks[Math.min(ticks.length - 1, Math.floor(s))]!;
  let violations = 0;
  const request = (b: { id: string }, invokeS: number, buys: boolean) => {
    const l = latencyS();
    const op: Operation = {
      id: history.length, scenario: 'sustained-load', businessId: b.id, instance: 0, client: 'load', method: 'POST', path: `/api/businesses/${b.id}/complete-onboarding`,
      key: null, burst: null, invokeNs: String(ns(invokeS)), completeNs: String(ns(invokeS + l)), arrivalNs: null, outcome: 'ok', status: 200,
      body: { success: true }, error: null, fault: null,
    };
    history.push(op);
    tickOf(invokeS).started++;
    const done = tickOf(invokeS + l);
    done.completed++;
    done.latencies.push(Math.round(l * 1000));
    if (buys) {
      const seq = purchases.length + 1;
      owners[seq] = b.id;
      purchases.push({ seq, sid: `PN${seq.toString(16).padStart(32, '0')}`, phoneNumber: `+1828${String(5_000_000 + seq).slice(-7)}`, friendlyName: `business:${b.id}`,
        smsUrl: null, voiceUrl: null, accountSid: 'AC' + '0'.repeat(32), requestId: `r${seq}`, receivedAtNs: String(ns(invokeS + l * 0.2)),
        committedAtNs: String(ns(invokeS + l * 0.9)), committed: true, response: 'sent', fault: null, wallTime: new Date(Date.UTC(2026, 11, 2, 6, 0, 0) + invokeS * 1000).toISOString() });
      tickOf(invokeS + l * 0.9).purchases++;
    }
    return op;
  };
  businesses.forEach((b, i) => {
    const at = (i + 1) / spec.ratePerS;
    tickOf(at).arrivals++;
    const first = request(b, at, true);
    if (rnd() >= spec.duplicates) return;
    const twice = rnd() < spec.doubleBuys;
    const second = request(b, at + 0.01 + rnd() * 0.05, twice);
    if (!twice) return;
    tickOf(Number(BigInt(purchases.at(-1)!.committedAtNs!) - ORIGIN_NS) / 1e9).violations++;
    violations++;
    const seqs = [purchases.length - 1, purchases.length];
    const ops = [first.id, second.id];
    (broken.EXACTLY_ONE_PURCHASE ??= []).push({ businessId: b.id, detail: `${b.name} caused 2 committed purchases at Twilio, expected 1`, operations: ops, ledger: seqs });
    (broken.NO_ORPHANS ??= []).push({ businessId: b.id, detail: `1 active number(s) tagged business:${b.id} are not referenced by it`, operations: ops.slice(-1), ledger: seqs.slice(0, 1) });
  });
  const series = boundedSeries(ticks, spec.durationS);
  const all = ticks.flatMap((t) => t.latencies).sort((a, b) => a - b);
  const pct = (q: number): number => all[Math.min(all.length - 1, Math.floor(q * all.length))] ?? 0;
  const failed = violations > 0;
  const scenario: ScenarioResult = {
    name: 'sustained-load', strategy: spec.strategy, variant: failed ? 'buggy' : 'fixed', target: 'target-app', engine: 'undici', driver: 'undici',
    verdict: failed ? 'fail' : 'pass', expected: failed ? 'fail' : 'pass', expectedBroken: failed ? ['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS'] : [], attempts: 1, skipReason: null,
    businesses: total, requests: history.length,
    invariants: INVARIANT_CODES.map((code) => ({ code, held: !(broken[code]?.length), reason: null, violations: broken[code] ?? [] })),
    twilio: { purchases: purchases.length, committed: purchases.length, active: purchases.length, released: 0, orphans: purchases.length - total },
    latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: pct(1) }, burst: null, faults: [],
    load: {
      stages: [{ durationS: 0, target: spec.ratePerS }, { durationS: spec.durationS, target: spec.ratePerS }], achievedRatePerS: spec.ratePerS, arrivals: total, dropped: 0,
      maxInFlight: 200, latencyMs: { p50: pct(0.5), p90: pct(0.9), p95: pct(0.95), p99: pct(0.99), max: pct(1) }, thresholds: [{ expression: 'p95<1500', value: pct(0.95), ok: pct(0.95) < 1500 }],
      series, startedAtNs: String(ORIGIN_NS),
    },
    durationMs: Math.round(spec.durationS * 1000 + 2000),
  };
  const binMs = 50;
  const counts = new Array<number>(Math.floor((all.at(-1) ?? 0) / binMs) + 1).fill(0);
  for (const x of all) counts[Math.floor(x / binMs)]!++;
  return { cell: { scenarioIndex, businesses, history, ledger: { purchases, releases: [] }, findings: { owners, spreads: null, latency: { binMs, counts } } }, scenario };
}

/** One point per second, or per 2^k seconds when a second each would exceed 600 points (as the driver's LoadSeries). */
function boundedSeries(ticks: { arrivals: number; started: number; completed: number; purchases: number; violations: number; latencies: number[] }[], durationS: number): LoadSeriesPoint[] {
  let width = 1;
  while (Math.ceil(durationS / width) >= MAX_POINTS) width *= 2;
  const points: LoadSeriesPoint[] = [];
  let violations = 0;
  let inFlight = 0;
  for (let start = 0; start < ticks.length; start += width) {
    const group = ticks.slice(start, start + width);
    const lat = group.flatMap((g) => g.latencies).sort((a, b) => a - b);
    const p = (q: number): number => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))] ?? 0;
    const sum = (k: 'arrivals' | 'started' | 'completed' | 'purchases') => group.reduce((n, g) => n + g[k], 0);
    violations += group.reduce((n, g) => n + g.violations, 0);
    inFlight += sum('started') - sum('completed');
    points.push({ t: Math.min(start + width, ticks.length), arrivals: sum('arrivals'), completed: sum('completed'), inFlight, p50Ms: p(0.5), p95Ms: p(0.95), p99Ms: p(0.99), purchases: sum('purchases'), violations, dropped: 0 });
  }
  return points;
}
