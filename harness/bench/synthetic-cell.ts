// A synthetic cell for `checker.ops_per_s` (docs/bench.md): a history of about `operations`
// onboarding requests (three per business: the first POST, a duplicate, a read), the fake's ledger
// and numbers to match, the app's view — and violations planted on a known set of businesses, one
// kind of defect per business, so that every one of the seven invariants has real work to find.
// `expected` says which businesses each invariant must name; the bench refuses a wrong answer.
import type { LedgerPurchase } from '../../fake-twilio/types.ts';
import { INVARIANT_CODES, type InvariantCode, type Operation } from '../../model/index.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import type { CellEvidence } from '../checkers/index.ts';
import type { AppBusinessView, IncomingNumberSnapshot } from '../invariants/index.ts';

export const PLANTED_KINDS = ['double-purchase', 'orphan', 'server-error', 'not-onboarded', 'wrong-webhook', 'db-mismatch', 'unlisted-status'] as const;
export type PlantedKind = (typeof PLANTED_KINDS)[number];

/**
 * Which planted kind breaks which invariant, read from docs/invariants.md: a second purchase is
 * also a second active number the app does not reference and a 200 naming it; a view that names a
 * number nobody bought leaves the bought one unreferenced; an orphan has no business (null).
 */
export const BROKEN_BY: Record<InvariantCode, readonly PlantedKind[]> = {
  EXACTLY_ONE_PURCHASE: ['double-purchase'],
  DB_MATCHES_TWILIO: ['double-purchase', 'db-mismatch'],
  NO_ORPHANS: ['double-purchase', 'db-mismatch', 'orphan'],
  CONSISTENT_RESPONSES: ['double-purchase', 'db-mismatch', 'unlisted-status'],
  ALL_ONBOARDED: ['not-onboarded'],
  NO_SERVER_ERRORS: ['server-error'],
  WEBHOOKS_CONSISTENT: ['wrong-webhook', 'orphan'],
};

/** Kinds whose violation names no business (the number belongs to none). */
const UNATTRIBUTED: ReadonlySet<PlantedKind> = new Set(['orphan']);

export interface SyntheticCell {
  evidence: CellEvidence;
  /** Businesses carrying each planted kind. */
  planted: Record<PlantedKind, string[]>;
  /** Per invariant, the business of each violation it must report (null: an orphan), sorted. */
  expected: Record<InvariantCode, (string | null)[]>;
}

export interface SyntheticCellOptions {
  /** About this many operations (rounded up to whole businesses of three). */
  operations: number;
  /** One business in this many carries a planted defect (kinds taking turns). */
  plantEvery?: number;
}

const BASE = 'http://127.0.0.1:4100';
const ACCOUNT = 'AC00000000000000000000000000000000';
const MS = 1_000_000n;

export function syntheticCell({ operations, plantEvery = 1_000 }: SyntheticCellOptions): SyntheticCell {
  if (!Number.isInteger(operations) || operations < 3) throw new RangeError(`operations must be an integer ≥ 3, not ${operations}`);
  if (!Number.isInteger(plantEvery) || plantEvery <= PLANTED_KINDS.length) throw new RangeError(`plantEvery must be an integer > ${PLANTED_KINDS.length}, not ${plantEvery}`);
  const count = Math.ceil(operations / 3);
  const history: Operation[] = [];
  const purchases: LedgerPurchase[] = [];
  const numbers: IncomingNumberSnapshot[] = [];
  const appView: Record<string, AppBusinessView | null> = {};
  const businesses: { id: string; name: string }[] = [];
  const planted = Object.fromEntries(PLANTED_KINDS.map((k) => [k, [] as string[]])) as Record<PlantedKind, string[]>;

  const number = (prefix: string, i: number): string => `+1${prefix}${String(i).padStart(7, '0')}`;
  const buy = (i: number, tag: string | null, phoneNumber: string, atNs: bigint, smsBase = BASE): void => {
    const seq = purchases.length + 1;
    const sid = `PN${String(seq).padStart(32, '0')}`;
    const p: LedgerPurchase = {
      seq, sid, phoneNumber,
      friendlyName: tag === null ? null : `business:${tag}`,
      smsUrl: tag === null ? null : `${smsBase}/api/twilio/sms/${tag}`,
      voiceUrl: tag === null ? null : `${BASE}/api/twilio/voice/${tag}`,
      accountSid: ACCOUNT, requestId: `req-${i}-${seq}`, receivedAtNs: String(atNs), committedAtNs: String(atNs + MS),
      committed: true, response: 'sent', fault: null, wallTime: '2026-12-02T06:00:00.000Z',
    };
    purchases.push(p);
    numbers.push({
      sid, phoneNumber, friendlyName: p.friendlyName, smsUrl: p.smsUrl, voiceUrl: p.voiceUrl, accountSid: ACCOUNT,
      status: 'active', purchaseSeq: seq, dateCreated: 'Wed, 02 Dec 2026 06:00:00 +0000',
    });
  };

  for (let i = 0; i < count; i++) {
    const id = `biz-${String(i).padStart(7, '0')}`;
    businesses.push({ id, name: `Business ${i}` });
    const slot = i % plantEvery;
    const kind: PlantedKind | null = slot >= 1 && slot <= PLANTED_KINDS.length ? PLANTED_KINDS[slot - 1]! : null;
    if (kind !== null) planted[kind].push(id);
    const bought = number('828', i);
    const t0 = 1_000_000_000n + BigInt(i) * MS;
    const post = `/api/businesses/${id}/complete-onboarding`;
    const op = (n: number, fields: Pick<Operation, 'status' | 'body'> & Partial<Operation>): void => {
      const invoke = t0 + BigInt(n) * 20n * MS;
      const status = fields.status;
      history.push({
        id: history.length + 1, scenario: 'sustained-load', businessId: id, instance: 0, client: 'load', method: 'POST', path: post,
        key: null, burst: null, invokeNs: String(invoke), completeNs: String(invoke + 50n * MS), arrivalNs: null,
        outcome: status === null ? 'info' : status >= 200 && status < 300 ? 'ok' : 'fail', error: status === null ? 'timeout' : null, fault: null,
        ...fields,
      });
    };
    const answer = (phoneNumber: string, alreadyComplete: boolean) => ({ success: true, phoneNumber, alreadyComplete });

    if (kind === 'not-onboarded') {
      op(0, { status: 503, body: { code: 'TWILIO_UNAVAILABLE' } });
      op(1, { status: 503, body: { code: 'TWILIO_UNAVAILABLE' } });
      op(2, { status: 200, body: { id, phoneNumber: null, onboardingStatus: 'failed' }, client: 'read', method: 'GET', path: `/api/businesses/${id}` });
      appView[id] = { phoneNumber: null, onboardingStatus: 'failed' };
      continue;
    }
    buy(i, id, bought, t0 + 10n * MS, kind === 'wrong-webhook' ? 'http://127.0.0.1:9999' : BASE);
    op(0, { status: 200, body: answer(bought, false) });
    if (kind === 'double-purchase') {
      const second = number('829', i);
      buy(i, id, second, t0 + 30n * MS);
      op(1, { status: 200, body: answer(second, false) });
    } else if (kind === 'server-error') {
      op(1, { status: 500, body: { code: 'INTERNAL' } });
    } else if (kind === 'unlisted-status') {
      op(1, { status: 418, body: null });
    } else if (i % 2 === 0) {
      op(1, { status: 200, body: answer(bought, true) });
    } else {
      op(1, { status: 409, body: { code: 'ONBOARDING_IN_PROGRESS' } });
    }
    if (kind === 'orphan') buy(i, null, number('830', i), t0 + 40n * MS);
    const shown = kind === 'db-mismatch' ? number('831', i) : bought;
    op(2, { status: 200, body: { id, phoneNumber: shown, onboardingStatus: 'complete' }, client: 'read', method: 'GET', path: `/api/businesses/${id}` });
    appView[id] = { phoneNumber: shown, onboardingStatus: 'complete' };
  }

  const expected = Object.fromEntries(INVARIANT_CODES.map((code) => [
    code,
    sortedIds(BROKEN_BY[code].flatMap((kind) => planted[kind].map((id) => (UNATTRIBUTED.has(kind) ? null : id)))),
  ])) as Record<InvariantCode, (string | null)[]>;

  const plan = SCENARIOS['sustained-load'].plan({ seed: 1, strategy: 'naive', variant: 'fixed', timeScale: 1, processControl: true });
  const evidence: CellEvidence = {
    plan, businesses, history, ledger: { purchases, releases: [] }, numbers, appView, publicBaseUrl: BASE, crashes: [],
    settle: { ran: true, settled: 0 }, driver: { driver: 'undici', engine: 'undici' }, locks: null, skippedFaults: [],
    skipInvariants: [], notEvaluable: {}, traffic: { ms: count, requests: history.length },
  };
  return { evidence, planted, expected };
}

/** Business ids in one order for comparing (null, an orphan, first). */
export function sortedIds(ids: (string | null)[]): (string | null)[] {
  return [...ids].sort((a, b) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1));
}
