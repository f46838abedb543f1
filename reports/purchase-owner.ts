// Who a Twilio purchase was for, as the harness's checkers decided: read here, never recomputed.
import type { LedgerPurchase } from '../fake-twilio/types.ts';
import type { ReportCell } from './report-input.ts';

/** The business a purchase is attributed to, as the harness's checkers decided (null: an orphan). */
export function ownerOf(cell: ReportCell, p: LedgerPurchase): string | null {
  return cell.findings?.owners[p.seq] ?? null;
}
