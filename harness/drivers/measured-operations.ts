import type { Operation } from '../../model/index.ts';
import type { HistoryRecorder } from '../history/index.ts';

// A browser or k6 measures its requests itself and reports them after the fact. They enter the
// cell's history through the recorder like every other request — in invoke order, so ids still
// increase with invocation — and the recorder's rule, not theirs, decides each outcome.

export function recordMeasured(history: HistoryRecorder, measured: readonly Omit<Operation, 'id'>[]): void {
  const ordered = [...measured].sort((a, b) => (BigInt(a.invokeNs) < BigInt(b.invokeNs) ? -1 : BigInt(a.invokeNs) > BigInt(b.invokeNs) ? 1 : 0));
  for (const op of ordered) {
    const fields = {
      businessId: op.businessId, client: op.client, method: op.method, path: op.path, instance: op.instance,
      key: op.key, burst: op.burst, fault: op.fault, invokeNs: op.invokeNs, completeNs: op.completeNs,
    };
    history.record(op.status !== null
      ? { ...fields, status: op.status, body: op.body, arrivalNs: op.arrivalNs }
      : { ...fields, error: op.error ?? 'unknown', sent: op.outcome !== 'fail' });
  }
}
