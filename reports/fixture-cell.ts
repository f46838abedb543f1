// Generates one realistic scenario cell (history, ledger and its ScenarioResult) from a seed, so the
// report renderers can be tested on pass, fail, error and large runs without running a target.
// The shapes follow what the harness records: bursts released together, a lognormal purchase
// latency, 409s for the losers of a claim, and, for a buggy strategy, duplicate committed purchases.
import type { LedgerPurchase } from '../fake-twilio/types.ts';
import type { ReportCell } from './report-input.ts';
import { INVARIANT_CODES, type InvariantCode, type InvariantResult, type Operation, type ScenarioResult, type Violation } from '../model/index.ts';

export interface CellSpec {
  scenario: string;
  strategy: string;
  variant?: string;
  businesses: number;
  concurrency?: number;
  /** Fraction of businesses that end up with more than one committed purchase (the bug). */
  duplicateRate?: number;
  /** Fraction of businesses whose first purchase meets `commit-then-drop`. */
  dropRate?: number;
  expected?: 'pass' | 'fail' | null;
  expectedBroken?: InvariantCode[];
  attempts?: number;
  driver?: ScenarioResult['driver'];
  seed?: number;
  /** Businesses' names (defaults to `Business <n>`). */
  names?: string[];
}


/** mulberry32: a tiny seeded generator, so a fixture is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE_NS = 5_000_000_000_000n;
const ms = (x: number): bigint => BigInt(Math.round(x * 1e6));

export function generateCell(spec: CellSpec, scenarioIndex: number): { cell: ReportCell; scenario: ScenarioResult } {
  const rnd = seededRandom(spec.seed ?? 7);
  const lognormal = (median: number): number => {
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    return median * Math.exp(0.55 * z);
  };
  const c = spec.concurrency ?? 5;
  const businesses = Array.from({ length: spec.businesses }, (_, i) => ({
    id: `b${String(i + 1).padStart(4, '0')}`,
    name: spec.names?.[i] ?? `Business ${i + 1}`,
  }));
  const history: Operation[] = [];
  const purchases: LedgerPurchase[] = [];
  const violations: Partial<Record<InvariantCode, Violation[]>> = {};
  const addViolation = (code: InvariantCode, v: Violation): void => { (violations[code] ??= []).push(v); };
  const latencies: number[] = [];
  const sendSpreads: number[] = [];
  const arrivalSpreads: number[] = [];
  let dropsLanded = 0;

  const op = (o: Omit<Operation, 'id' | 'scenario' | 'method' | 'path' | 'instance'> & Partial<Operation>): Operation => {
    const full: Operation = {
      id: history.length, scenario: spec.scenario, instance: 0, method: 'POST',
      path: `/api/businesses/${o.businessId}/complete-onboarding`, ...o,
    };
    history.push(full);
    return full;
  };
  const owner = new Map<number, string>();
  const buy = (businessId: string, atMs: number, latency: number, response: LedgerPurchase['response'], fault: string | null): LedgerPurchase => {
    const seq = purchases.length + 1;
    owner.set(seq, businessId);
    const digits = String(5550000 + seq).slice(-7);
    const p: LedgerPurchase = {
      seq, sid: `PN${seq.toString(16).padStart(32, '0')}`, phoneNumber: `+1828${digits}`,
      friendlyName: `business:${businessId}`, smsUrl: `http://127.0.0.1:4000/api/twilio/sms/${businessId}`,
      voiceUrl: `http://127.0.0.1:4000/api/twilio/voice/${businessId}`, accountSid: 'AC' + '0'.repeat(32),
      requestId: `req-${seq}`, receivedAtNs: String(BASE_NS + ms(atMs)), committedAtNs: String(BASE_NS + ms(atMs + latency)),
      committed: true, response, fault, wallTime: new Date(Date.UTC(2026, 10, 29, 2, 14, 23) + atMs).toISOString(),
    };
    purchases.push(p);
    return p;
  };

  businesses.forEach((b, i) => {
    const release = (i % 40) * 0.5 + Math.floor(i / 40) * 900;
    const duplicates = rnd() < (spec.duplicateRate ?? 0) ? 2 + Math.floor(rnd() * 2) : 1;
    const dropped = rnd() < (spec.dropRate ?? 0);
    const client = (['no-key', 'shared-key', 'page'] as const)[i % 3]!;
    const invokes = Array.from({ length: c }, () => release + rnd() * 0.25);
    const arrivals = invokes.map((t) => t + 0.3 + rnd() * 0.4);
    sendSpreads.push(Math.max(...invokes) - Math.min(...invokes));
    arrivalSpreads.push(Math.max(...arrivals) - Math.min(...arrivals));
    const winners = new Set(Array.from({ length: duplicates }, (_, k) => k));
    const oks: Operation[] = [];
    const seqs: number[] = [];
    for (let k = 0; k < c; k++) {
      const invoke = invokes[k]!;
      const arrival = arrivals[k]!;
      const base = { businessId: b.id, client, key: client === 'no-key' ? null : `key-${b.id}`, burst: i, invokeNs: String(BASE_NS + ms(invoke)), arrivalNs: String(BASE_NS + ms(arrival)) };
      if (winners.has(k)) {
        const latency = lognormal(400);
        const drop = dropped && k === 0;
        const p = buy(b.id, arrival + 2, latency, drop ? 'dropped' : 'sent', drop ? 'commit-then-drop' : null);
        seqs.push(p.seq);
        const complete = arrival + 2 + latency + 1 + rnd() * 3;
        latencies.push(complete - invoke);
        if (drop) {
          dropsLanded++;
          op({ ...base, completeNs: String(BASE_NS + ms(complete)), outcome: 'info', status: null, body: null, error: 'ECONNRESET', fault: null });
        } else {
          oks.push(op({ ...base, completeNs: String(BASE_NS + ms(complete)), outcome: 'ok', status: 200, body: { success: true, phoneNumber: p.phoneNumber, alreadyComplete: false }, error: null, fault: null }));
        }
      } else {
        const complete = arrival + 3 + rnd() * 6;
        latencies.push(complete - invoke);
        op({ ...base, completeNs: String(BASE_NS + ms(complete)), outcome: 'fail', status: 409, body: { success: false, code: 'ONBOARDING_IN_PROGRESS', retryAfterMs: 500 }, error: null, fault: null });
      }
    }
    if (dropped) {
      // The settle step finds the dropped purchase's tagged number at Twilio instead of buying again.
      const at = release + 2600;
      const settle = op({ businessId: b.id, client: 'settle', key: `settle-${b.id}`, burst: null, invokeNs: String(BASE_NS + ms(at)), arrivalNs: String(BASE_NS + ms(at + 0.4)), completeNs: String(BASE_NS + ms(at + 420)), outcome: 'ok', status: 200, body: { success: true, phoneNumber: purchases.at(-1)!.phoneNumber, alreadyComplete: duplicates > 1 }, error: null, fault: null });
      oks.push(settle);
    }
    const at = release + 3200;
    op({ businessId: b.id, client: 'read', method: 'GET', path: `/api/businesses/${b.id}`, key: null, burst: null, invokeNs: String(BASE_NS + ms(at)), arrivalNs: null, completeNs: String(BASE_NS + ms(at + 2)), outcome: 'ok', status: 200, body: { id: b.id, phoneNumber: purchases.at(-1)!.phoneNumber, onboardingStatus: 'complete' }, error: null, fault: null });
    if (seqs.length > 1) {
      const ids = [...oks.map((o) => o.id)];
      addViolation('EXACTLY_ONE_PURCHASE', { businessId: b.id, detail: `${b.name} caused ${seqs.length} committed purchases at Twilio, expected 1`, operations: ids, ledger: seqs });
      addViolation('NO_ORPHANS', { businessId: b.id, detail: `${seqs.length - 1} active number(s) tagged business:${b.id} are not referenced by it`, operations: ids.slice(-1), ledger: seqs.slice(0, -1) });
      if (oks.length > 1) addViolation('CONSISTENT_RESPONSES', { businessId: b.id, detail: `${oks.length} responses of 200 named ${oks.length} different numbers`, operations: ids, ledger: seqs });
    }
  });

  const expectedBroken = spec.expectedBroken ?? [];
  const invariants: InvariantResult[] = INVARIANT_CODES.map((code) => {
    const v = violations[code] ?? [];
    return { code, held: v.length === 0, reason: null, violations: v };
  });
  const broken = invariants.some((inv) => inv.held === false);
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (q: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const round3 = (x: number): number => Math.round(x * 1000) / 1000;
  const committed = purchases.length;
  const orphans = committed - spec.businesses;
  const scenario: ScenarioResult = {
    name: spec.scenario, strategy: spec.strategy, variant: spec.variant ?? 'mixed', target: 'target-app', engine: 'undici',
    driver: spec.driver ?? 'undici', verdict: broken ? 'fail' : 'pass', expected: spec.expected ?? null, expectedBroken,
    attempts: spec.attempts ?? 1, skipReason: null, businesses: spec.businesses, requests: history.length, invariants,
    twilio: { purchases: committed, committed, active: committed, released: 0, orphans },
    latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: pct(1) },
    burst: { size: c, bursts: spec.businesses, sendSpreadMs: { p50: round3(median(sendSpreads)), max: round3(Math.max(...sendSpreads)) }, arrivalSpreadMs: { p50: round3(median(arrivalSpreads)), max: round3(Math.max(...arrivalSpreads)) } },
    faults: spec.dropRate ? [{ kind: 'commit-then-drop', planned: Math.max(dropsLanded, Math.round(spec.businesses * spec.dropRate)), landed: dropsLanded }] : [],
    durationMs: Math.round(Math.max(...history.map((o) => Number(BigInt(o.completeNs) - BASE_NS) / 1e6))),
  };
  // What the harness's checkers would have found: the fixture knows whom it bought each number for.
  const binMs = 50;
  const counts = new Array<number>(Math.floor(Math.max(0, ...latencies) / binMs) + 1).fill(0);
  for (const x of latencies) counts[Math.floor(x / binMs)]!++;
  const findings = {
    owners: Object.fromEntries(purchases.map((p) => [p.seq, owner.get(p.seq) ?? null])),
    spreads: { send: sendSpreads.map(round3), arrival: arrivalSpreads.map(round3) },
    latency: latencies.length > 0 ? { binMs, counts } : null,
  };
  return { cell: { scenarioIndex, businesses, history, ledger: { purchases, releases: [] }, findings }, scenario };
}
