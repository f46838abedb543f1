// The expected matrix of docs/scenarios.md as data, and the rule `npm run scenarios:matrix` compares by.
//
// Comparison rule: a PASS cell must end with verdict pass and no broken invariant. A FAIL cell
// must end with verdict fail and break *at least* its expected codes (expected ⊆ broken); more
// broken codes are reported as `extra` but are not a mismatch, because a race that loses can
// break a different number of neighbouring invariants from one run to the next (a dropped 200,
// a settle that did or did not get through). Only codes that break on *every* losing run of
// the cell are listed. A FAIL is probabilistic: the runner tries a cell up to MAX_FAIL_ATTEMPTS
// times until isExpectedFailCaught, and reports the attempts.
//
// Why EXACTLY_ONE_PURCHASE and NO_ORPHANS for every FAIL cell: each failing strategy ends
// like the incident — either two requests both pass the check and both buy (a check-then-act
// race), or a purchase commits at Twilio while the app never saves it (a dropped response, a
// killed process, a lost transaction) and the retry buys again or is refused. None of them
// releases what it bought, so the business has more than one committed purchase (or one and no
// number), and an active number attributed to it that its row does not reference. Codes that
// depend on the path taken (CONSISTENT_RESPONSES needs the losing 200 to be delivered;
// ALL_ONBOARDED needs the retry to be refused) are left out.
import type { ConformanceCheck, InvariantCode, PageVariant, ScenarioName, StrategyName } from '../model/index.ts';

export type { PageVariant, ScenarioName, StrategyName };


/** The page each strategy's fix assumed (target-app/README.md). */
export const PAGE_VARIANT_OF_STRATEGY: Readonly<Record<StrategyName, PageVariant>> = {
  naive: 'buggy',
  'row-lock': 'buggy',
  idempotent: 'fixed',
  'memory-dedupe': 'rca-keys',
  'rate-limit': 'buggy',
};

/** Scenarios driven through the pages themselves, where a variant names a page. */
export const PAGE_SCENARIOS: readonly ScenarioName[] = ['rapid-clicks'];

export const MAX_FAIL_ATTEMPTS = 5;

export interface ExpectedCell {
  scenario: ScenarioName;
  strategy: StrategyName;
  /** null: the strategy's own client behaviours (and page); a page name: an extra row. */
  variant: PageVariant | null;
  expected: 'pass' | 'fail';
  /** For FAIL cells, the codes every losing run breaks; empty for PASS cells. */
  expectedBroken: InvariantCode[];
  /** Why the cell passes or fails, for reports and for a reviewer changing it. */
  why: string;
  /** idempotency-key: the conformance checks a FAIL cell fails — exactly these (see model/cell-judgement.ts). */
  expectedFailingChecks?: ConformanceCheck[];
}

const DUPLICATE: InvariantCode[] = ['EXACTLY_ONE_PURCHASE', 'NO_ORPHANS'];

const pass = (scenario: ScenarioName, strategy: StrategyName, why: string, variant: PageVariant | null = null): ExpectedCell => ({
  scenario,
  strategy,
  variant,
  expected: 'pass',
  expectedBroken: [],
  why,
});
const fail = (scenario: ScenarioName, strategy: StrategyName, why: string): ExpectedCell => ({
  scenario,
  strategy,
  variant: null,
  expected: 'fail',
  expectedBroken: [...DUPLICATE],
  why,
});

/**
 * An idempotency-key cell: it fails on named conformance checks, and breaks only the invariants
 * its checks' own requests make break on every run (in-flight holds the first request at the fake,
 * so what the second one does is deterministic, not a race).
 */
const conformance = (strategy: StrategyName, why: string, expectedFailingChecks: ConformanceCheck[], expectedBroken: InvariantCode[] = []): ExpectedCell => ({
  scenario: 'idempotency-key',
  strategy,
  variant: null,
  expected: expectedFailingChecks.length === 0 && expectedBroken.length === 0 ? 'pass' : 'fail',
  expectedBroken,
  why,
  expectedFailingChecks,
});

/**
 * What the strategies without a key table do with a key. `malformed` passes in every cell: our app
 * refuses a malformed key at its edge (400 INVALID_IDEMPOTENCY_KEY) whatever the strategy.
 */
const NO_KEY_TABLE = 'ignores the key: a repeat runs again (alreadyComplete: true, not the first answer), and another body or business is simply served';

const RACE = 'check-then-act with no transaction: simultaneous requests all see no number and all buy';
const DEDUPE_RACE = 'the in-memory key set stops only repeats of one key; requests with no key or different keys race as in naive';
const LOCKED = 'SELECT … FOR UPDATE on one database serialises the requests of a business';
const IDEMPOTENT = 'claim with a lease, fenced finish, and a look for a tagged number at Twilio before buying';
const LOST_PURCHASE = 'a purchase that commits at Twilio but whose response is lost is never saved or released, and the retry buys again';

export const EXPECTED_MATRIX: readonly ExpectedCell[] = [
  fail('concurrent-burst', 'naive', RACE),
  pass('concurrent-burst', 'row-lock', LOCKED),
  pass('concurrent-burst', 'idempotent', IDEMPOTENT),
  fail('concurrent-burst', 'memory-dedupe', DEDUPE_RACE),
  pass('concurrent-burst', 'rate-limit', 'one request per business per window on a single instance; the rest get 429 RATE_LIMITED'),

  fail('rapid-clicks', 'naive', `the buggy page stays clickable, so 5 clicks send 5 requests; ${RACE}`),
  pass('rapid-clicks', 'row-lock', `the buggy page sends 5 requests, but ${LOCKED}`),
  pass('rapid-clicks', 'idempotent', 'the fixed page sends one request, and the server would hold even if it sent more'),
  fail('rapid-clicks', 'memory-dedupe', 'the RCA page makes a new key per click (Date.now()), so the clicks are not repeats; they race as in naive'),
  pass('rapid-clicks', 'rate-limit', 'the first click passes the limiter, the other 4 get 429 RATE_LIMITED'),
  pass('rapid-clicks', 'naive', 'the fixed page disables the button while in flight: one request, so even naive buys once', 'fixed'),

  fail('network-failure', 'naive', `${LOST_PURCHASE} (commit-then-drop, SIGKILL or killed DB sessions while paused)`),
  fail('network-failure', 'row-lock', `the lock does not cover Twilio: the transaction rolls back after the purchase committed, so ${LOST_PURCHASE}`),
  pass('network-failure', 'idempotent', 'the retry finds the tagged number at Twilio and adopts it instead of buying'),
  fail('network-failure', 'memory-dedupe', `the settle step's key is new to the set, so the retry runs as naive: ${LOST_PURCHASE}`),
  fail('network-failure', 'rate-limit', `${LOST_PURCHASE}, or the limiter refuses the retry and the bought number is neither saved nor released`),

  fail('multi-instance', 'naive', `${RACE}, now across 3 processes`),
  pass('multi-instance', 'row-lock', 'the row lock lives in the shared database, so it serialises across instances'),
  pass('multi-instance', 'idempotent', 'the claim and the key table live in the shared database'),
  fail('multi-instance', 'memory-dedupe', 'each instance has its own key set, so a key seen by one is new to the others; they race as in naive'),
  fail('multi-instance', 'rate-limit', 'each instance has its own limiter, so up to 3 requests of a business pass together and race as in naive'),

  fail('db-lock-under-load', 'naive', `${RACE}, at 200 businesses × 3`),
  pass('db-lock-under-load', 'row-lock', `${LOCKED}; under load it is slow (lock waits recorded), not wrong`),
  pass('db-lock-under-load', 'idempotent', IDEMPOTENT),
  fail('db-lock-under-load', 'memory-dedupe', DEDUPE_RACE),
  pass('db-lock-under-load', 'rate-limit', 'one request per business passes the limiter on a single instance'),

  fail('sustained-load', 'naive', `${RACE}: each duplicate (a double-click, a second tab, a retry after a timeout) races its first request`),
  pass('sustained-load', 'row-lock', `${LOCKED}; under sustained load it queues, and thresholds say how slow`),
  pass('sustained-load', 'idempotent', IDEMPOTENT),
  fail('sustained-load', 'memory-dedupe', `${DEDUPE_RACE}: key-less and new-key duplicates race under load`),
  pass('sustained-load', 'rate-limit', 'each duplicate of a business arrives within the window and gets 429 RATE_LIMITED; the first request is the only purchase'),

  fail('incident-replay', 'naive', `the incident itself: attempts 1–4 meet commit-then-drop, ${LOST_PURCHASE}; 5 numbers for Tom's Garage`),
  fail('incident-replay', 'row-lock', `the RCA's fix: each attempt rolls back after its purchase committed, so ${LOST_PURCHASE}`),
  pass('incident-replay', 'idempotent', 'each attempt finds the tagged number of the one before and adopts it'),
  fail('incident-replay', 'memory-dedupe', `each attempt has a new key (Date.now()), so it runs as naive: ${LOST_PURCHASE}`),
  fail('incident-replay', 'rate-limit', `the limiter only spaces the attempts out: ${LOST_PURCHASE} (or a refused retry leaves the bought number unsaved)`),

  fail('interleavings', 'naive', `${RACE}: with the arrivals and statements in the explorer's hands, one preemption between the check and the save buys twice`),
  fail('interleavings', 'row-lock', `serialised by the lock (its second request is recorded blocked), but one dropped purchase response is enough: ${LOST_PURCHASE}`),
  pass('interleavings', 'idempotent', `${IDEMPOTENT}: no order of its requests' statements and Twilio calls, and no dropped response within the budget, buys twice`),
  fail('interleavings', 'memory-dedupe', `${DEDUPE_RACE}: an order that runs both key-less requests' checks before either save buys twice`),
  fail('interleavings', 'rate-limit', `the limiter lets one request through whatever the order, but one dropped purchase response leaves the number bought and never saved, and the retry is refused or buys again`),

  conformance('naive', `${NO_KEY_TABLE}; the second request while the first is held at Twilio sees no number and buys again`,
    ['replay', 'body-mismatch', 'other-business', 'in-flight'], [...DUPLICATE]),
  conformance('row-lock', `${NO_KEY_TABLE}; in flight, the second request waits on the row lock and then answers the first's number, so in-flight passes`,
    ['replay', 'body-mismatch', 'other-business']),
  conformance('idempotent', 'the key table fingerprints business and body, replays only final answers, and the claim makes a request in flight wait for the first', []),
  conformance('memory-dedupe', 'a key already in the Set, whatever its business or body, answers 200 "Request already processed" with no number: a repeat, another body, another business, a request in flight and the retry after a 503 alike (a 200 without a number breaks CONSISTENT_RESPONSES)',
    ['replay', 'body-mismatch', 'other-business', 'in-flight', 'retry-after-503'], ['CONSISTENT_RESPONSES']),
  conformance('rate-limit', `the limiter answers every repeat within its window 429 RATE_LIMITED — a repeat, another body, a request in flight, the retry after a 503 — and another business is served as in naive`,
    ['replay', 'body-mismatch', 'other-business', 'in-flight', 'retry-after-503']),
];

/**
 * The expectation of a cell. An extra row (e.g. `rapid-clicks` naive with the `fixed` page)
 * wins when its variant is asked for. Otherwise the strategy's own row answers: for API-level
 * scenarios whatever the variant label (the runner mixes the client behaviours in one cell),
 * for page scenarios only for the strategy's own page. null: the matrix says nothing.
 */
export function expectationFor(scenario: string, strategy: string, variant?: string | null): ExpectedCell | null {
  const rows = EXPECTED_MATRIX.filter((c) => c.scenario === scenario && c.strategy === strategy);
  const extra = variant == null ? undefined : rows.find((c) => c.variant === variant);
  if (extra !== undefined) return extra;
  const own = rows.find((c) => c.variant === null);
  if (own === undefined) return null;
  const isPage = (PAGE_SCENARIOS as readonly string[]).includes(scenario);
  if (!isPage || variant == null || variant === PAGE_VARIANT_OF_STRATEGY[strategy as StrategyName]) return own;
  return null;
}
