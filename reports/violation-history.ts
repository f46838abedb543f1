// A violation shown as Jepsen shows one: the smallest history that explains it (each request's
// invoke and its ok / fail / info completion, in time order) next to the ledger entries at Twilio.
import type { LedgerPurchase } from '../fake-twilio/types.ts';
import type { Operation } from '../model/index.ts';
import { ownerOf, relMs } from './cell-model.ts';
import { esc } from './html-escape.ts';
import type { ReportCell } from './report-input.ts';
import type { Violation } from '../model/index.ts';

export interface HistoryRow {
  type: 'invoke' | 'ok' | 'fail' | 'info';
  atMs: number;
  op: Operation;
}

/** The operations and ledger entries that explain a violation: the ones it names, else its business's. */
export function explainingEvidence(cell: ReportCell, v: Violation): { ops: Operation[]; ledger: LedgerPurchase[] } {
  const named = new Set(v.operations ?? []);
  const ops = named.size > 0
    ? cell.history.filter((o) => named.has(o.id))
    : cell.history.filter((o) => o.businessId === v.businessId && o.method === 'POST');
  const seqs = new Set(v.ledger ?? []);
  const ids = new Set(cell.businesses.map((b) => b.id));
  const ledger = seqs.size > 0
    ? cell.ledger.purchases.filter((p) => seqs.has(p.seq))
    : cell.ledger.purchases.filter((p) => v.businessId !== null && ownerOf(cell, p) === v.businessId);
  return { ops, ledger };
}

export function historyRows(ops: Operation[], t0: bigint): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const op of ops) {
    rows.push({ type: 'invoke', atMs: relMs(op.invokeNs, t0), op });
    rows.push({ type: op.outcome, atMs: relMs(op.completeNs, t0), op });
  }
  return rows.sort((a, b) => a.atMs - b.atMs || (a.type === 'invoke' ? -1 : 1));
}

function responseText(op: Operation): string {
  if (op.status === null) return op.error ?? 'no response';
  const body = op.body as { phoneNumber?: unknown; code?: unknown; alreadyComplete?: unknown } | null;
  const parts = [String(op.status)];
  if (body && typeof body === 'object') {
    if (typeof body.phoneNumber === 'string') parts.push(body.phoneNumber);
    if (typeof body.code === 'string') parts.push(body.code);
    if (body.alreadyComplete === true) parts.push('(already complete)');
  }
  return parts.join(' ');
}

const fmt = (x: number): string => x.toFixed(3);

export function renderHistoryTable(rows: HistoryRow[]): string {
  if (rows.length === 0) return '<p class="muted">No request in the history names this business.</p>';
  const body = rows.map(({ type, atMs, op }) => `<tr class="h-${type}"><td>${fmt(atMs)}</td><td><span class="tag t-${type}">${type}</span></td>`
    + `<td>#${op.id}</td><td>${op.instance}</td><td>${esc(op.client)}</td><td>${esc(op.key ?? '—')}</td>`
    + `<td>${type === 'invoke' ? esc(`${op.method} ${op.path}`) : esc(responseText(op))}${op.fault ? ` <span class="tag t-fault">${esc(op.fault)}</span>` : ''}</td></tr>`).join('');
  return `<table class="history"><thead><tr><th>ms</th><th>type</th><th>op</th><th>instance</th><th>client</th><th>key</th><th>request / response</th></tr></thead><tbody>${body}</tbody></table>`;
}

export function renderLedgerTable(entries: LedgerPurchase[], t0: bigint): string {
  if (entries.length === 0) return '<p class="muted">No ledger entry at Twilio for this business.</p>';
  // The sid is shortened (its full value is in the tooltip): 34 characters would squeeze the table.
  const body = entries.map((p) => `<tr><td>${p.seq}</td><td>${fmt(relMs(p.receivedAtNs, t0))}</td>`
    + `<td>${p.committed && p.committedAtNs ? fmt(relMs(p.committedAtNs, t0)) : '<b>not committed</b>'}</td>`
    + `<td>${esc(p.phoneNumber ?? '—')}</td><td>${esc(p.response)}${p.fault ? ` <span class="tag t-fault">${esc(p.fault)}</span>` : ''}</td>`
    + `<td class="sid" title="${esc(p.sid ?? '')}">${p.sid ? `${esc(p.sid.slice(0, 4))}…${esc(p.sid.slice(-6))}` : '—'}</td></tr>`).join('');
  return `<table class="ledger"><thead><tr><th>seq</th><th>received ms</th><th>committed ms</th><th>number</th><th>response / fault</th><th>sid</th></tr></thead><tbody>${body}</tbody></table>`;
}
