// The few lines every command prints last: the verdict in words, one row per scenario, what broke,
// the command that re-runs it and where the HTML report is. Readable without colour (CI logs).
import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import pc from 'picocolors';
import { failingChecks, type RunResult, type ScenarioResult, type Verdict } from '../model/index.ts';
import { failedThresholds } from './load-thresholds.ts';
import { isDecisiveBreak, isMissingBreak, matchesExpectation, VERDICT_ICON, VERDICT_WORD, verdictSentence } from './verdict-text.ts';

export interface TerminalSummaryOptions {
  htmlPath: string;
  color: boolean;
  /** The terminal's width, when it is one: the last column narrows so that a row fits on one line. */
  columns?: number;
}

/** The widest the 'broken invariants' column gets, and the narrowest it is squeezed to on a narrow terminal. */
const BROKEN_COLUMN_MAX = 48;
const BROKEN_COLUMN_MIN = 24;

/**
 * The last column's width: 48, or what a terminal of `columns` leaves once the other columns
 * (sized to their content by cli-table3: the widest cell + 2 of padding, + 1 border each) are
 * drawn; null when even 24 would not fit (the summary is then a list, one scenario per line).
 */
export function brokenColumnWidth(rows: string[][], columns: number | undefined): number | null {
  if (!columns) return BROKEN_COLUMN_MAX;
  const others = rows[0]!.length - 1;
  let used = 1;
  for (let i = 0; i < others; i++) used += Math.max(...rows.map((row) => stripVTControlCharacters(row[i]!).length)) + 3;
  const left = columns - used - 3;
  return left < BROKEN_COLUMN_MIN ? null : Math.min(BROKEN_COLUMN_MAX, left);
}

function brokenText(result: RunResult, s: ScenarioResult): string {
  const listed = s.invariants.filter((inv) => inv.held === false).map((inv) => `${inv.code} ×${inv.violations.length}`);
  const unexpected = s.invariants.some((inv) => isDecisiveBreak(result, s, inv));
  const broken = listed.length > 0 && !unexpected ? [`expected: ${listed.join(', ')}`] : listed;
  const missing = s.invariants.filter((inv) => isMissingBreak(s, inv)).map((inv) => `${inv.code} held, expected to break`);
  const unevaluated = s.invariants.filter((inv) => inv.held === null && !inv.skipped).map((inv) => `${inv.code} not evaluated: ${inv.reason ?? ''}`);
  if (s.verdict === 'error') return unevaluated.length > 0 && !s.error ? unevaluated.join(', ') : `crashed: ${s.error ?? 'unknown error'}`;
  if (s.verdict === 'skipped') return `skipped: ${s.skipReason ?? ''}`;
  const checks = failingChecks(s.conformance).map((check) => `check ${check} failed`);
  const thresholds = failedThresholds(s).map((expression) => `threshold ${expression} failed`);
  const skipped = s.invariants.filter((inv) => inv.skipped).map((inv) => `${inv.code} skipped`);
  return [...broken, ...missing, ...checks, ...thresholds, ...skipped].join(', ') || '—';
}

export function formatTerminalSummary(result: RunResult, options: TerminalSummaryOptions): string {
  const c = pc.createColors(options.color);
  const paint: Record<Verdict, (s: string) => string> = { pass: c.green, fail: c.red, error: c.yellow, skipped: c.dim };
  const word = (v: Verdict): string => paint[v](`${VERDICT_ICON[v]} ${VERDICT_WORD[v]}`);
  const hasExpectations = result.scenarios.some((s) => s.expected !== null);
  const head = ['scenario', 'strategy/variant', 'verdict', ...(hasExpectations ? ['expected'] : []), 'attempts', 'businesses', 'purchases', 'orphans', 'p99 ms', 'broken invariants'];
  const rows = result.scenarios.map((s) => {
    const match = matchesExpectation(s);
    const expected = s.expected === null ? '—' : `${s.expected === 'fail' ? 'FAIL' : 'pass'}${match === false ? ' ≠' : ''}`;
    return [s.name, `${s.strategy}/${s.variant}`, word(s.verdict), ...(hasExpectations ? [match === false ? c.red(expected) : expected] : []),
      String(s.attempts), String(s.businesses), String(s.twilio.committed), s.twilio.orphans > 0 ? c.red(String(s.twilio.orphans)) : '0',
      String(s.latencyMs.p99), brokenText(result, s)];
  });
  const brokenWidth = brokenColumnWidth([head, ...rows], options.columns);
  let body: string;
  if (brokenWidth === null) {
    // Too narrow a terminal for the table: one line per scenario, what broke indented below it.
    body = result.scenarios.map((s, i) => {
      const row = rows[i]!;
      const expected = hasExpectations ? ` · expected ${row[3]!}` : '';
      return `${row[2]!}  ${s.name} [${s.strategy}/${s.variant}]${expected} · ${s.attempts} attempt(s) · ${s.businesses} businesses · ${s.twilio.committed} purchases · ${row.at(-3)!} orphans · p99 ${row.at(-2)!} ms\n    ${row.at(-1)!}`;
    }).join('\n');
  } else {
    const table = new Table({
      head,
      style: options.color ? { head: ['cyan'] } : { head: [], border: [] },
      wordWrap: true,
      colWidths: [...head.slice(1).map(() => null), brokenWidth] as (number | null)[],
    });
    table.push(...rows);
    body = table.toString();
  }
  const lines = [
    '',
    `${c.bold(word(result.verdict))}  ${verdictSentence(result)}`,
    result.scenarios.length > 0 ? body : c.dim('(no scenario ran)'),
  ];
  // The re-run line is printed by the CLI after this summary: it knows the failing attempt's seed.
  lines.push(`Report: ${options.htmlPath}`, '');
  return lines.join('\n');
}
