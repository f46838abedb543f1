// The few lines every command prints last: the verdict in words, one row per scenario, what broke,
// the command that re-runs it and where the HTML report is. Readable without colour (CI logs).
import Table from 'cli-table3';
import pc from 'picocolors';
import { failingChecks, type RunResult, type ScenarioResult, type Verdict } from '../model/index.ts';
import { failedThresholds } from './load-thresholds.ts';
import { isDecisiveBreak, isMissingBreak, matchesExpectation, VERDICT_ICON, VERDICT_WORD, verdictSentence } from './verdict-text.ts';

export interface TerminalSummaryOptions {
  htmlPath: string;
  color: boolean;
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
  const table = new Table({
    head: ['scenario', 'strategy/variant', 'verdict', ...(hasExpectations ? ['expected'] : []), 'attempts', 'businesses', 'purchases', 'orphans', 'p99 ms', 'broken invariants'],
    style: options.color ? { head: ['cyan'] } : { head: [], border: [] },
    wordWrap: true,
    colWidths: [null, null, null, ...(hasExpectations ? [null] : []), null, null, null, null, null, 48] as (number | null)[],
  });
  for (const s of result.scenarios) {
    const match = matchesExpectation(s);
    const expected = s.expected === null ? '—' : `${s.expected === 'fail' ? 'FAIL' : 'pass'}${match === false ? ' ≠' : ''}`;
    table.push([s.name, `${s.strategy}/${s.variant}`, word(s.verdict), ...(hasExpectations ? [match === false ? c.red(expected) : expected] : []),
      String(s.attempts), String(s.businesses), String(s.twilio.committed), s.twilio.orphans > 0 ? c.red(String(s.twilio.orphans)) : '0',
      String(s.latencyMs.p99), brokenText(result, s)]);
  }
  const lines = [
    '',
    `${c.bold(word(result.verdict))}  ${verdictSentence(result)}`,
    result.scenarios.length > 0 ? table.toString() : c.dim('(no scenario ran)'),
  ];
  // The re-run line is printed by the CLI after this summary: it knows the failing attempt's seed.
  lines.push(`Report: ${options.htmlPath}`, '');
  return lines.join('\n');
}
