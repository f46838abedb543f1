// The query of GET /__admin/ledger. Without parameters the answer is the whole ledger, as it
// always was; with any of `after`, `releasesAfter`, `limit` it is one page (LedgerPage), so a
// reader can stream a ledger of any size in bounded memory.
import type { CoreRequest } from './core-types.ts';
import { parseQuery } from './form-body.ts';
import { errors } from './twilio-error.ts';

export const DEFAULT_LEDGER_PAGE = 1_000;
export const MAX_LEDGER_PAGE = 10_000;

const PAGING = ['after', 'releasesAfter', 'limit'] as const;

export type LedgerQuery = { kind: 'whole' } | { kind: 'page'; after: number; releasesAfter: number; limit: number };

export function parseLedgerQuery(req: CoreRequest): LedgerQuery {
  const params = parseQuery(req.query);
  for (const key of params.keys()) {
    if (!(PAGING as readonly string[]).includes(key)) throw errors.invalidParameter(`Unknown parameter ${JSON.stringify(key.slice(0, 80))} for /__admin/ledger: use after, releasesAfter and limit`);
  }
  if (params.size === 0) return { kind: 'whole' };
  return {
    kind: 'page',
    after: integer(params, 'after', 0, 0, Number.MAX_SAFE_INTEGER),
    releasesAfter: integer(params, 'releasesAfter', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: integer(params, 'limit', DEFAULT_LEDGER_PAGE, 1, MAX_LEDGER_PAGE),
  };
}

/** A decimal integer query parameter in [min, max]; a 400 naming it and the bad value otherwise. */
export function integer(params: Map<string, string>, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === undefined) return fallback;
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw errors.invalidParameter(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw.slice(0, 80))}`);
  return value;
}
