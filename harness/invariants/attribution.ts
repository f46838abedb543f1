// Attribution of a purchase (or a number) to a business, docs/invariants.md: the FriendlyName tag
// `business:<id>` first, else a business id in its webhook URLs; otherwise it is an orphan.

export interface Tagged {
  friendlyName: string | null;
  smsUrl: string | null;
  voiceUrl: string | null;
}

export type Attribution =
  | { businessId: string; by: 'friendly-name' | 'webhook' }
  | { businessId: null; reason: string };

const TAG_PREFIX = 'business:';

/**
 * Only ids of the run's businesses count: a tag naming an unknown business is as unexplained
 * as no tag. Webhook attribution needs the URLs to agree on one business; two different ids
 * (e.g. SMS to one, voice to another) cannot be pinned on either, so the number is an orphan.
 */
export function attribute(item: Tagged, businessIds: ReadonlySet<string>): Attribution {
  const name = item.friendlyName;
  if (name !== null && name.startsWith(TAG_PREFIX)) {
    const id = name.slice(TAG_PREFIX.length);
    if (businessIds.has(id)) return { businessId: id, by: 'friendly-name' };
  }
  const found = new Set<string>();
  for (const url of [item.smsUrl, item.voiceUrl]) {
    for (const segment of pathSegments(url)) if (businessIds.has(segment)) found.add(segment);
  }
  if (found.size === 1) return { businessId: [...found][0]!, by: 'webhook' };
  if (found.size > 1) return { businessId: null, reason: `webhook URLs name ${found.size} businesses (${[...found].join(', ')})` };
  return { businessId: null, reason: `FriendlyName ${JSON.stringify(name)} and webhook URLs name no business of this run` };
}

function pathSegments(url: string | null): string[] {
  if (url === null || url === '') return [];
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split(/[?#]/)[0] ?? '';
  }
  return path.split('/').filter((s) => s !== '').map(safeDecode);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The part of a cell's evidence that belongs (`only`) or does not belong (`without`) to some
 * businesses, by the one attribution rule: their operations, and the purchases, releases and
 * numbers attributed to them. The explorer judges each schedule's business on its own with it;
 * the warm-up's businesses are taken out with it before the checkers run.
 */
export function scopeToBusinesses<
  H extends { businessId: string },
  N extends Tagged & { sid: string },
  L extends { purchases: (Tagged & { sid: string | null })[]; releases: { sid: string }[] },
>(mode: 'only' | 'without', businessIds: ReadonlySet<string>, evidence: { history: H[]; ledger: L; numbers: N[] }): { history: H[]; ledger: L; numbers: N[] } {
  const theirs = (item: Tagged) => attribute(item, businessIds).businessId !== null;
  const keep = (belongs: boolean) => (mode === 'only' ? belongs : !belongs);
  const sids = new Set(evidence.ledger.purchases.filter(theirs).map((p) => p.sid).filter((sid): sid is string => sid !== null));
  return {
    history: evidence.history.filter((op) => keep(businessIds.has(op.businessId))),
    ledger: {
      ...evidence.ledger,
      purchases: evidence.ledger.purchases.filter((p) => keep(theirs(p))),
      releases: evidence.ledger.releases.filter((r) => keep(sids.has(r.sid))),
    },
    numbers: evidence.numbers.filter((n) => keep(theirs(n) || sids.has(n.sid))),
  };
}
