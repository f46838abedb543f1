import type { Ledger } from '../../fake-twilio/index.ts';
import type { PlannedFault } from '../../scenarios/index.ts';
import type { Operation } from '../../model/index.ts';
import type { FaultResult } from '../../model/index.ts';

// docs/fake-twilio.md: a fault counts only if the history or the ledger shows it landed in its window.

export function accountFaults(input: {
  planned: PlannedFault[];
  skipped: { kind: string; reason: string; count: number }[];
  businessIds: string[];
  ledger: Ledger;
  history: Operation[];
  controlLanded: ReadonlySet<string>;
}): FaultResult[] {
  const landed = (fault: PlannedFault): boolean => {
    const id = input.businessIds[fault.business]!;
    const purchases = input.ledger.purchases.filter((p) => p.friendlyName === `business:${id}`);
    const hit = (marker: string) => purchases.some((p) => p.fault?.split(',').some((f) => f.trim() === marker));
    switch (fault.kind) {
      case 'commit-then-drop':
        return purchases.some((p) => p.committed && p.response === 'dropped' && p.fault?.includes('commit-then-drop'));
      case 'twilio-503-then-429':
        return hit('error:503');
      case 'client-abort':
        return input.history.some((op) => op.businessId === id && op.fault === 'client-abort' && op.error === 'aborted');
      default:
        return input.controlLanded.has(`${fault.kind}:${fault.business}`);
    }
  };
  const byKind = new Map<string, FaultResult>();
  for (const fault of input.planned) {
    const entry = byKind.get(fault.kind) ?? { kind: fault.kind, planned: 0, landed: 0 };
    entry.planned++;
    if (landed(fault)) entry.landed++;
    byKind.set(fault.kind, entry);
  }
  for (const skip of input.skipped) byKind.set(skip.kind, { kind: skip.kind, planned: skip.count, landed: 0, skipped: skip.reason });
  return [...byKind.values()];
}
