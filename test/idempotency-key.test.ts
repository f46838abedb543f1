// Scenario idempotency-key's checks against planted-defect targets (test/targets/idempotency/):
// each check fails against the target made for it — and only that check — and every check passes
// against the correct target; in-flight is shown to hold the first request at the fake Twilio
// while the second is answered. The driver runs as a cell runs it (startConformanceCell).
import { describe, expect, it } from 'vitest';
import { runConformanceChecks } from '../harness/drivers/conformance/index.ts';
import { CONFORMANCE_CHECKS, STRATEGY_NAMES, verdictOfCell, type ConformanceResult, type InvariantResult } from '../model/index.ts';
import { expectationFor } from '../scenarios/index.ts';
import { startConformanceCell } from './support/conformance-context.ts';

const TARGETS = 'test/targets/idempotency';
/** The checks' verdict alone: the invariants are the cell runner's (as if all held). */
const HELD: InvariantResult[] = [{ code: 'EXACTLY_ONE_PURCHASE', held: true, reason: null, violations: [] }];

const summary = (results: ConformanceResult[]) => Object.fromEntries(results.map((r) => [r.check, r.ok]));
const failing = (results: ConformanceResult[]) => results.filter((r) => r.ok === false).map((r) => r.check);

async function checksOf(target: string) {
  await using cell = await startConformanceCell({ command: `node ${TARGETS}/${target}.mjs` });
  const results = await runConformanceChecks(cell.context);
  return { results, history: cell.history.operations(), ledger: await cell.admin.ledger() };
}

describe('idempotency-key conformance checks', () => {
  it('every check passes against the correct target, each with its reference, and the in-flight one holds the first request at the fake while the second is answered', async () => {
    const { results, history, ledger } = await checksOf('correct');
    expect(results.map((r) => r.check)).toEqual([...CONFORMANCE_CHECKS]);
    expect(summary(results), JSON.stringify(results, null, 2)).toEqual(Object.fromEntries(CONFORMANCE_CHECKS.map((c) => [c, true])));
    expect(verdictOfCell({ invariants: HELD, conformance: results })).toBe('pass');
    for (const r of results) expect(r.reference).toMatch(/draft-ietf-httpapi-idempotency-key-header-06 §2\.\d/);

    // in-flight: two POSTs with one key on one business; the second completed (409) before the
    // first, whose only purchase was committed and then paused at the fake until released.
    const inFlight = history.filter((op) => op.method === 'POST' && op.key?.startsWith('conformance-in-flight-'));
    expect(inFlight).toHaveLength(2);
    const [first, second] = inFlight as [typeof inFlight[number], typeof inFlight[number]];
    expect(second.businessId).toBe(first.businessId);
    expect(second.status).toBe(409);
    expect((second.body as { code?: string }).code).toBe('ONBOARDING_IN_PROGRESS');
    expect(BigInt(second.completeNs)).toBeLessThan(BigInt(first.completeNs));
    expect(first.status).toBe(200);
    const purchases = ledger.purchases.filter((p) => p.friendlyName === `business:${first.businessId}`);
    expect(purchases).toHaveLength(1);
    expect(purchases[0]!.fault).toContain('commit-then-pause');
    expect(BigInt(purchases[0]!.committedAtNs!)).toBeLessThan(BigInt(second.invokeNs));
  });

  it.each([
    ['check-then-insert', 'in-flight'],
    ['replays-503', 'retry-after-503'],
    ['unscoped-key', 'other-business'],
    ['no-fingerprint', 'body-mismatch'],
    ['no-replay', 'replay'],
    ['lax-key', 'malformed'],
  ])('%s fails %s and no other check', async (target, check) => {
    const { results, ledger, history } = await checksOf(target);
    expect(failing(results), JSON.stringify(results, null, 2)).toEqual([check]);
    expect(results.filter((r) => r.ok === null)).toEqual([]);
    expect(verdictOfCell({ invariants: HELD, conformance: results })).toBe('fail');
    if (check !== 'in-flight') return;
    // The second request, sent while the first was held, found no key and bought a second number.
    expect(results.find((r) => r.check === check)!.detail).toMatch(/ran again: 2 purchase attempts/);
    const business = history.find((op) => op.key?.startsWith('conformance-in-flight-'))!.businessId;
    expect(ledger.purchases.filter((p) => p.friendlyName === `business:${business}` && p.committed)).toHaveLength(2);
  });

  it('other-business is skipped, with the reason, where the fixtures have no sharedOwner, and does not decide the cell', async () => {
    const { results } = await checksOf('no-shared-owner');
    const other = results.find((r) => r.check === 'other-business')!;
    expect(other).toMatchObject({ ok: null, skipped: true });
    expect(other.detail).toMatch(/sharedOwner/);
    expect(results.filter((r) => r.check !== 'other-business').every((r) => r.ok === true)).toBe(true);
    expect(verdictOfCell({ invariants: HELD, conformance: results })).toBe('pass');
  });
});

describe('idempotency-key against our strategies', () => {
  // The expected matrix row, check by check, against the real app (the cell runner adds the
  // settle step and the invariants; here only the checks are compared).
  it.each(STRATEGY_NAMES)('%s fails exactly the checks expectations.ts lists', async (strategy) => {
    await using cell = await startConformanceCell({ strategy });
    const results = await runConformanceChecks(cell.context);
    const expected = expectationFor('idempotency-key', strategy)!;
    expect(failing(results), JSON.stringify(results, null, 2)).toEqual(expected.expectedFailingChecks);
    expect(results.filter((r) => r.ok === null)).toEqual([]);
  });
});
