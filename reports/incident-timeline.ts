// Derives the incident page's timeline from a cell's evidence, so the runner of
// `incident:reproduce` only has to count numbers and cost: clicks and their answers come from the
// history, purchases and releases from the ledger.
import { ownerOf, relMs } from './cell-model.ts';
import type { IncidentEvent, ReportCell } from './report-input.ts';

export function incidentTimeline(cell: ReportCell, businessId: string): IncidentEvent[] {
  const posts = cell.history.filter((o) => o.businessId === businessId && o.method === 'POST')
    .sort((a, b) => (BigInt(a.invokeNs) < BigInt(b.invokeNs) ? -1 : 1));
  if (posts.length === 0) return [];
  const t0 = BigInt(posts[0]!.invokeNs);
  const events: IncidentEvent[] = [];
  posts.forEach((o, i) => {
    events.push({ atMs: relMs(o.invokeNs, t0), kind: 'click', label: `attempt ${i + 1}` });
    const body = o.body as { phoneNumber?: unknown; code?: unknown } | null;
    const what = o.status === null ? (o.error ?? 'no response') : `${o.status} ${typeof body?.phoneNumber === 'string' ? body.phoneNumber : typeof body?.code === 'string' ? body.code : ''}`.trim();
    events.push({ atMs: relMs(o.completeNs, t0), kind: 'response', label: o.status === null ? `network error (${what})` : what, outcome: o.outcome });
  });
  const ids = new Set(cell.businesses.map((b) => b.id));
  const sids = new Set<string>();
  for (const p of cell.ledger.purchases) {
    if (ownerOf(cell, p) !== businessId) continue;
    if (p.sid) sids.add(p.sid);
    events.push({ atMs: relMs(p.committedAtNs ?? p.receivedAtNs, t0), kind: 'purchase', label: `bought ${p.phoneNumber ?? ''}`.trim(), phoneNumber: p.phoneNumber, committed: p.committed });
  }
  for (const r of cell.ledger.releases) {
    if (sids.has(r.sid)) events.push({ atMs: relMs(r.releasedAtNs, t0), kind: 'release', label: `released ${r.phoneNumber}`, phoneNumber: r.phoneNumber });
  }
  return events.sort((a, b) => a.atMs - b.atMs);
}
