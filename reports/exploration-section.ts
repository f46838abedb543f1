// Scenario interleavings (result.json `exploration`) in the HTML report: what the search covered,
// each client behaviour's outcome, and the failing schedule as an ordered list of steps — lane,
// kind, the SQL or Twilio call, released alone or together, blocked, dropped — beside the
// violations it caused, with the command that replays it.
import type { ExplorationStep, ScenarioResult } from '../model/index.ts';
import { esc } from './html-escape.ts';

const KIND_WORD: Record<ExplorationStep['kind'], string> = { arrival: 'arrival', sql: 'SQL', twilio: 'Twilio call', response: 'purchase response' };

export function renderExplorationSection(s: ScenarioResult): string {
  const e = s.exploration;
  if (!e) return '';
  const seconds = e.ms !== undefined ? ` in ${(e.ms / 1000).toFixed(1)} s` : '';
  const coverage = `<p>${e.strategy === 'dfs' ? 'Bounded exhaustive search (DFS, iterative preemption bounding: fewest preemptions first)' : esc(e.strategy)}`
    + ` over <b>${e.requests}</b> concurrent requests of one fresh business per schedule, at most <b>${e.bound}</b> preemption(s) and <b>${e.faults}</b> dropped purchase response(s) per schedule.`
    + ` <b>${e.schedules}</b> schedule(s) run${seconds} (${e.distinctInterleavings} distinct), ${e.blockedSteps} step(s) blocked on a lock`
    + `${e.deadlocks ? `, ${e.deadlocks} deadlock(s) ended by PostgreSQL's detector` : ''}${e.capped ? `, ${e.capped} cut at the step cap` : ''}${e.stalled ? `, ${e.stalled} stalled` : ''}; `
    + `${ending(s)}</p>`;
  const behaviours = (e.behaviours ?? []).map((b) => `<tr><td><code>${esc(b.client)}</code></td><td>${b.schedules}</td><td>${esc(b.stoppedBy)}${b.exhausted ? ' (exhausted)' : ''}</td>`
    + `<td>${b.violations.length ? `<span class="broken">${esc(b.violations.join(', '))}</span>` : '<span class="held">none</span>'}</td></tr>`).join('');
  const table = behaviours ? `<table class="invariants exploration"><thead><tr><th>client behaviour</th><th>schedules</th><th>ended by</th><th>broken in its first failing schedule</th></tr></thead><tbody>${behaviours}</tbody></table>` : '';
  const divergence = e.divergence
    ? `<p class="callout f-error"><b>Replay diverged</b> at decision ${e.divergence.index + 1}: the schedule expected <code>${esc(e.divergence.expected)}</code>, the target offered ${e.divergence.available.length ? e.divergence.available.map((a) => `<code>${esc(a)}</code>`).join(' ') : 'nothing'}.</p>`
    : '';
  return `<div class="exploration-section"><h3>Interleavings explored</h3>${coverage}${table}${divergence}${renderSchedule(s)}</div>`;
}

/** How the search ended, in words. */
function ending(s: ScenarioResult): string {
  const e = s.exploration!;
  const budget = `${e.budget.schedules} schedules or ${Math.round(e.budget.ms / 1000)} s`;
  if (e.exhausted) return 'every schedule within the bound was run (exhausted).';
  const stopped = (e.behaviours ?? []).map((b) => b.stoppedBy);
  if (stopped.includes('replay')) return 'one schedule was replayed (--schedule).';
  if (stopped.length > 0 && stopped.every((b) => b === 'violation')) return 'each client behaviour stopped at its first failing schedule.';
  if (stopped.includes('interrupted')) return 'the run was interrupted before the search ended.';
  return `the budget (${budget}) ran out before every schedule within the bound was run — a pass here is a pass within that budget.`;
}

function renderSchedule(s: ScenarioResult): string {
  const e = s.exploration!;
  if (!e.minimal) return '<p class="muted">No schedule broke an invariant.</p>';
  const rows = e.minimal.steps.map((step, n) => {
    const how = step.how === 'dropped' ? '<span class="broken">dropped after its commit</span>' : step.how === 'together' ? 'released together' : 'released alone';
    return `<tr class="${step.how === 'dropped' ? 'short' : ''}"><td>${n + 1}</td><td class="nowrap">request ${step.lane + 1}</td><td>${KIND_WORD[step.kind]}</td>`
      + `<td><code>${esc(step.detail)}</code></td><td>${how}${step.blocked ? ' · <b>blocked</b> on a lock' : ''}</td></tr>`;
  }).join('');
  const index = e.firstFailing ? ` (schedule ${e.firstFailing.index} of the search)` : '';
  const broken = s.invariants.filter((i) => i.held === false).map((i) => i.code);
  return `<h3>The failing schedule${index}</h3>`
    + `<p>Steps in the order the explorer released them${broken.length ? `; the cell broke <span class="broken">${esc(broken.join(', '))}</span>` : ''}. Replay it exactly with `
    + `<code>--schedule ${esc(e.minimal.id)}</code>.</p>`
    + `<table class="faults schedule"><thead><tr><th>#</th><th>lane</th><th>kind</th><th>statement / call</th><th>how</th></tr></thead><tbody>${rows}</tbody></table>`;
}
