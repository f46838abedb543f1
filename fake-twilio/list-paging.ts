// Twilio's page envelope: `{ <key>: [...], end, first_page_uri, next_page_uri, page, page_size,
// previous_page_uri, start, uri }`, `next_page_uri` null on the last page. The PageToken is a
// cursor (`PA` + the `listSeq` of the previous page's last item), so paging stays stable while
// numbers are bought or released between pages, as Twilio's tokens do. Correct by construction:
// the list is strictly increasing in `listSeq` (commit order), a page holds only items after its
// cursor, so each next token is greater than the last and paging ends.
import { errors } from './twilio-error.ts';
import type { IncomingNumber } from './incoming-numbers.ts';

export interface Paging {
  pageSize: number;
  page: number;
  /** The `listSeq` after which this page starts (from PageToken), or null. */
  after: number | null;
}

export function parsePaging(params: Map<string, string>, defaultSize: number): Paging {
  const pageSize = intParam(params, 'PageSize', defaultSize, 1, 1000);
  const page = intParam(params, 'Page', 0, 0, 1_000_000);
  const token = params.get('PageToken');
  let after: number | null = null;
  if (token !== undefined) {
    const m = /^PA(\d{1,15})$/.exec(token);
    if (!m) throw errors.invalidParameter(`PageToken ${JSON.stringify(token)} is not valid`);
    after = Number(m[1]);
  }
  return { pageSize, page, after };
}

function intParam(params: Map<string, string>, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw errors.invalidParameter(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

export function listPage(
  uri: string,
  params: Map<string, string>,
  paging: Paging,
  /** Strictly increasing in `listSeq` (as `IncomingNumbers.listed` returns them). */
  all: IncomingNumber[],
  key: string,
  toJson: (n: IncomingNumber) => unknown,
): Record<string, unknown> {
  const { pageSize, page, after } = paging;
  const start = after === null ? page * pageSize : firstAfter(all, after);
  const items = all.slice(start, start + pageSize);
  const filters = new URLSearchParams();
  for (const [k, v] of params) if (k !== 'Page' && k !== 'PageSize' && k !== 'PageToken') filters.append(k, v);
  const link = (p: number, token?: string): string => {
    const q = new URLSearchParams(filters);
    q.set('PageSize', String(pageSize));
    q.set('Page', String(p));
    if (token) q.set('PageToken', token);
    return `${uri}?${q.toString()}`;
  };
  const last = items[items.length - 1];
  const hasMore = start + pageSize < all.length;
  return {
    [key]: items.map(toJson),
    end: start + Math.max(0, items.length - 1),
    first_page_uri: link(0),
    next_page_uri: hasMore && last ? link(page + 1, `PA${last.listSeq}`) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? link(page - 1) : null,
    start,
    uri: link(page, params.get('PageToken')),
  };
}

/** Index of the first item whose `listSeq` is greater than `seq` (binary search: `all` is sorted). */
function firstAfter(all: IncomingNumber[], seq: number): number {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (all[mid]!.listSeq > seq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
