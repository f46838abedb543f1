/** A misuse of the history recorder by the harness (a bug of ours, never of the target). */
export type HistoryErrorCode = 'HISTORY_ALREADY_COMPLETED' | 'HISTORY_OUTCOME_MISMATCH' | 'HISTORY_CLOSED';

export class HistoryError extends Error {
  readonly code: HistoryErrorCode;

  constructor(code: HistoryErrorCode, message: string) {
    super(message);
    this.name = 'HistoryError';
    this.code = code;
  }
}
