import type { StepEnd } from './client-step.ts';
import { isReadOnlyFingerprint } from './read-only-sql.ts';
import { sqlFingerprint } from './sql-fingerprint.ts';

// A step's label and read-only flag, computed once per distinct statement text: an app sends the
// same few statements again and again, and the proxy must add as little as it can per statement.

const CACHE_LIMIT = 2_000;

export class StatementLabels {
  private readonly cache = new Map<string, string>();

  of(sql: string[], endsWith: StepEnd): { label: string; readOnly: boolean } {
    if (sql.length === 0) return { label: `(${endsWith})`, readOnly: false };
    const label = sql.map((text) => this.fingerprint(text)).join('; ');
    return { label, readOnly: isReadOnlyFingerprint(label) };
  }

  private fingerprint(text: string): string {
    let label = this.cache.get(text);
    if (label === undefined) {
      label = sqlFingerprint(text);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(text, label);
    }
    return label;
  }
}
