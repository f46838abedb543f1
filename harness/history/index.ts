// The history of a scenario cell (invoke → ok / fail / info), streamed to history.jsonl.
export { createHistoryRecorder } from './history-recorder.ts';
export type { ErrorFields, ExchangeFacts, HistoryRecorder, HistoryRecorderOptions, HistorySink, InvokeFields, PendingOperation, ResponseFields } from './history-recorder.ts';
export { openHistoryFile } from './history-file.ts';
export type { HistoryFile } from './history-file.ts';
export { classifyOutcome, NOT_SENT_ERRORS } from './outcome.ts';
export { captureBody, DEFAULT_MAX_BODY_BYTES } from './body-capture.ts';
export { HistoryError } from './history-error.ts';
export type { HistoryErrorCode } from './history-error.ts';
