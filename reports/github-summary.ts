// GitHub Actions' two channels for a run's outcome, as text: a Markdown block for the job summary
// (GITHUB_STEP_SUMMARY) and `::error` workflow commands, which GitHub shows as annotations on the
// run and the pull request. Pure: the harness decides where the text goes.
import type { InvariantResult, RunResult, ScenarioResult } from '../model/index.ts';
import { cellLabel, isDecisiveBreak, isMissingBreak, VERDICT_ICON, VERDICT_WORD, verdictSentence } from './verdict-text.ts';

/** Violations listed in the summary; the rest are counted (the full list is in the report). */
const SUMMARY_VIOLATIONS = 20;
/** GitHub displays at most 10 error annotations per step: the tenth says how many more there are. */
export const MAX_ANNOTATIONS = 10;

interface Finding {
  cell: ScenarioResult;
  code: string;
  businessId: string | null;
  detail: string;
}

/** The violations that count against the run: the same rule as its verdict and JUnit failures. */
function findings(result: RunResult): Finding[] {
  const out: Finding[] = [];
  for (const cell of result.scenarios) {
    for (const inv of cell.invariants) {
      if (!isDecisiveBreak(result, cell, inv)) continue;
      if (inv.violations.length === 0) out.push({ cell, code: inv.code, businessId: null, detail: inv.reason ?? 'broken' });
      for (const v of inv.violations) out.push({ cell, code: inv.code, businessId: v.businessId, detail: v.detail });
    }
  }
  return out;
}

function missingBreaks(result: RunResult): { cell: ScenarioResult; inv: InvariantResult }[] {
  return result.scenarios.flatMap((cell) => cell.invariants.filter((inv) => isMissingBreak(cell, inv)).map((inv) => ({ cell, inv })));
}

const cellText = (text: string): string => text.replace(/\r?\n/g, ' ').replaceAll('|', '\\|').replaceAll('<', '&lt;');
const code = (text: string): string => `\`${text.replaceAll('`', "'")}\``;

function brokenColumn(result: RunResult, s: ScenarioResult): string {
  if (s.verdict === 'skipped') return `skipped: ${s.skipReason ?? ''}`;
  if (s.verdict === 'error') return `crashed: ${s.error ?? 'unknown error'}`;
  const broken = s.invariants.filter((inv) => inv.held === false).map((inv) => `${inv.code} ×${inv.violations.length}`);
  const decisive = s.invariants.some((inv) => isDecisiveBreak(result, s, inv));
  return broken.length === 0 ? '—' : decisive ? broken.join(', ') : `expected: ${broken.join(', ')}`;
}

export function githubStepSummary(result: RunResult): string {
  const lines = [
    `## ${VERDICT_ICON[result.verdict]} exactly-one ${result.command}: ${VERDICT_WORD[result.verdict]}`,
    '',
    cellText(verdictSentence(result)),
    '',
  ];
  if (result.scenarios.length > 0) {
    lines.push('| scenario | strategy/variant | verdict | businesses | purchases | orphans | p99 ms | broken invariants |', '|---|---|---|---:|---:|---:|---:|---|');
    for (const s of result.scenarios) {
      lines.push(`| ${cellText(s.name)} | ${cellText(`${s.strategy}/${s.variant}`)} | ${VERDICT_ICON[s.verdict]} ${VERDICT_WORD[s.verdict]} | ${s.businesses} | ${s.twilio.committed} | ${s.twilio.orphans} | ${Math.round(s.latencyMs.p99)} | ${cellText(brokenColumn(result, s))} |`);
    }
    lines.push('');
  }
  const found = findings(result);
  const missing = missingBreaks(result);
  if (found.length > 0 || missing.length > 0) {
    lines.push('### Violations', '');
    for (const f of found.slice(0, SUMMARY_VIOLATIONS)) {
      lines.push(`- ${code(f.code)} in ${cellText(cellLabel(f.cell))}${f.businessId ? `, business ${code(f.businessId)}` : ''}: ${cellText(f.detail)}`);
    }
    if (found.length > SUMMARY_VIOLATIONS) lines.push(`- … and ${found.length - SUMMARY_VIOLATIONS} more (every one is in the report's result.json and index.html)`);
    for (const m of missing) lines.push(`- ${cellText(cellLabel(m.cell))}: ${code(m.inv.code)} held, but was expected to break`);
    lines.push('');
  }
  if (result.verdict !== 'pass') lines.push('Re-run it (same seed):', '', '```sh', result.rerun, '```', '');
  return `${lines.join('\n')}\n`;
}

// Workflow-command escaping, as GitHub's own toolkit (@actions/core) does it.
const escapeData = (s: string): string => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (s: string): string => escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
const annotation = (title: string, message: string): string => `::error title=${escapeProperty(title)}::${escapeData(message)}`;

/** One `::error` line per violation that counts (at most MAX_ANNOTATIONS), plus a crashed run's error. */
export function githubAnnotations(result: RunResult): string[] {
  const lines: string[] = [];
  if (result.verdict === 'error') lines.push(annotation(`exactly-one ${result.command}: the run could not finish`, verdictSentence(result)));
  for (const f of findings(result)) {
    lines.push(annotation(`${f.code} in ${cellLabel(f.cell)}`, `${f.businessId ? `business ${f.businessId}: ` : ''}${f.detail}\nRe-run: ${result.rerun}`));
  }
  for (const m of missingBreaks(result)) {
    lines.push(annotation(`${m.inv.code} held in ${cellLabel(m.cell)}`, `expected to break, but held: the expected failure was not reproduced\nRe-run: ${result.rerun}`));
  }
  if (lines.length <= MAX_ANNOTATIONS) return lines;
  const shown = lines.slice(0, MAX_ANNOTATIONS - 1);
  shown.push(annotation(`exactly-one ${result.command}: ${lines.length - shown.length} more violations`, 'GitHub shows 10 annotations per step: every violation is in the job summary and the report artifact'));
  return shown;
}
