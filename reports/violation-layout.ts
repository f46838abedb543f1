// Which violations of a scenario the page shows, and where: the first 50 in full (with their
// history), the rest listed (up to 2,000 per invariant, spread evenly over them beyond that), each business's first appearance with an
// anchor. The violations section and the load time series both read this one layout, so a marker
// on the time axis always links to an element that exists.
import type { InvariantResult, ScenarioResult, Violation } from '../model/index.ts';

/** Violations shown with their full history; the rest of a scenario's are listed in one line each. */
export const VIOLATIONS_IN_FULL = 50;
/** Beyond this many per invariant, the list points to result.json (keeps a huge failing run's page openable). */
export const VIOLATIONS_LISTED = 2000;

export interface InvariantViolations {
  inv: InvariantResult;
  full: Violation[];
  listed: Violation[];
  /** Violations neither shown nor listed (in result.json only). */
  beyond: number;
}

export interface ViolationLayout {
  blocks: InvariantViolations[];
  /** Business id → the id of the element where the page first shows it. */
  anchors: Map<string, string>;
}

/**
 * At most `n` of `items`, evenly spread over them in their order: a long load run's violations come
 * in time order, so its list (and the ✘ markers that link to it) covers the whole run, not its first minute.
 */
function spreadOver<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, k) => items[Math.floor((k * items.length) / n)]!);
}

/** The id of a business's first violation in scenario `i`; ids are reduced to characters safe in a URL fragment. */
export function violationAnchor(i: number, businessId: string): string {
  return `s-${i}-b-${businessId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function violationLayout(s: ScenarioResult, i: number): ViolationLayout {
  let budget = VIOLATIONS_IN_FULL;
  const blocks = s.invariants.filter((inv) => inv.violations.length > 0).map((inv) => {
    const full = inv.violations.slice(0, Math.max(0, budget));
    budget -= full.length;
    const rest = inv.violations.slice(full.length);
    return { inv, full, listed: spreadOver(rest, VIOLATIONS_LISTED), beyond: Math.max(0, rest.length - VIOLATIONS_LISTED) };
  });
  const anchors = new Map<string, string>();
  const claim = (v: Violation): void => {
    if (v.businessId !== null && !anchors.has(v.businessId)) anchors.set(v.businessId, violationAnchor(i, v.businessId));
  };
  // Shown in full first (the history is there), then listed: the page's order of precedence.
  for (const b of blocks) b.full.forEach(claim);
  for (const b of blocks) b.listed.forEach(claim);
  return { blocks, anchors };
}
