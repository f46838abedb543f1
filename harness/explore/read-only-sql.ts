// Whether a step only reads, judged from its fingerprints (literals and comments already gone,
// so a keyword inside a string cannot fool it). The scheduler uses it for fairness: a lane that
// repeats the same read-only statement is polling and yields. A wrong "read-only" could hide a
// write from the scheduler, so the judgement errs towards "may write": only plain queries count,
// and a SELECT that locks rows, writes into a table or calls a function known to change state
// (sequences, advisory locks, settings, other backends) does not.

const READING_COMMANDS = new Set(['select', 'values', 'table', 'show', 'with', 'explain', 'fetch']);
const WRITING_WORDS = /\b(insert|update|delete|merge|into|for update|for no key update|for share|for key share|analyze|nextval|setval|pg_advisory_lock|pg_advisory_xact_lock|pg_try_advisory_lock|pg_try_advisory_xact_lock|pg_advisory_lock_shared|pg_advisory_xact_lock_shared|pg_advisory_unlock|pg_advisory_unlock_all|set_config|pg_terminate_backend|pg_cancel_backend|pg_notify|lo_\w+|txid_current|pg_current_xact_id|dblink\w*)\b/;

/** True when every statement of the fingerprint (`;`-separated) is a plain read. */
export function isReadOnlyFingerprint(fingerprint: string): boolean {
  const statements = fingerprint.split(';').map((s) => s.trim()).filter((s) => s !== '');
  if (statements.length === 0) return false;
  return statements.every((statement) => {
    const first = /^\(*\s*(\w+)/.exec(statement)?.[1] ?? '';
    if (!READING_COMMANDS.has(first)) return false;
    return !WRITING_WORDS.test(statement);
  });
}
