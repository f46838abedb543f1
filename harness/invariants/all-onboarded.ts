// ALL_ONBOARDED: once the harness has settled the scenario (retrying as the fixed page does),
// every business has a phone number in the app's view. Not evaluated when the settle step
// did not run: without it, a business mid-retry is not a failure of the target.
import type { InvariantResult, Violation } from '../../model/index.ts';
import { errorCodeOf, onboardingRequestsOf } from './explaining-operations.ts';
import type { InvariantInput } from './invariant-input.ts';
import { notEvaluated, resultOf, skipReason } from './invariant-result.ts';

const CODE = 'ALL_ONBOARDED';

export function allOnboarded(input: InvariantInput): InvariantResult {
  const skipped = skipReason(input, CODE);
  if (skipped !== null) return notEvaluated(CODE, skipped);
  if (!input.settle.ran) return notEvaluated(CODE, input.settle.reason ?? 'the settle step did not run');
  const violations: Violation[] = [];
  for (const { id } of input.businesses) {
    const view = input.appView[id] ?? null;
    if (view !== null && view.phoneNumber !== null) continue;
    const requests = onboardingRequestsOf(input.history, id);
    const settle = requests.filter((op) => op.client === 'settle');
    // The settle attempts say why it did not converge; with none, the last request is the best witness.
    const witnesses = settle.length > 0 ? settle : requests.slice(-1);
    const last = witnesses.at(-1);
    const lastText = last === undefined ? 'no onboarding request was recorded' : `last answer: ${answerOf(last)}`;
    const state = view === null ? 'its view could not be read after the settle step' : `not onboarded after the settle step (status ${view.onboardingStatus})`;
    violations.push({
      businessId: id,
      detail: `${state}; ${settle.length} settle attempt(s), ${lastText}`,
      operations: witnesses.map((op) => op.id),
      ledger: [],
    });
  }
  return resultOf(CODE, violations);
}

function answerOf(op: { status: number | null; body: unknown; error: string | null }): string {
  if (op.status === null) return op.error ?? 'no response';
  const code = errorCodeOf(op.body);
  return code === null ? String(op.status) : `${op.status} ${code}`;
}
