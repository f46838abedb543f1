import type { CommandAction } from '../cli/command-table.ts';
import { EXIT } from '../cli/exit-codes.ts';
import { incidentTimeline, type IncidentComparison } from '../../reports/index.ts';
import { INCIDENT_BUSINESS } from '../../scenarios/index.ts';
import type { CellOutcome } from '../run/cell-runner.ts';
import { runScenarioCommand } from './scenario-command.ts';

// `npm run incident:reproduce`: Tom's Garage under naive (the incident) and idempotent (the fix),
// side by side. Success means naive reproduced the duplicates and idempotent prevented them.
export const PRICE_USD_PER_MONTH = 5;

function incidentRow(outcome: CellOutcome, scenarioIndex: number): IncidentComparison['rows'][number] {
  const business = outcome.businesses[0];
  // The incident's cell holds Tom's Garage alone, so the cell's Twilio summary (the invariants'
  // attribution) is the business's: what it bought, and what is active but unreferenced.
  const { committed, orphans } = outcome.result.twilio;
  const inDatabase = business && outcome.views[business.id]?.phoneNumber ? 1 : 0;
  return {
    strategy: outcome.result.strategy,
    verdict: outcome.result.verdict,
    numbersBought: committed,
    numbersInDatabase: inDatabase,
    orphans,
    monthlyCostUsd: orphans * PRICE_USD_PER_MONTH,
    scenarioIndex,
    timeline: business ? incidentTimeline({
      scenarioIndex, businesses: [{ id: business.id, name: business.name }], history: outcome.history, ledger: outcome.ledger,
      findings: outcome.findings ? { owners: outcome.findings.owners, spreads: outcome.findings.spreads, latency: outcome.findings.latency.histogram } : null,
    }, business.id) : [],
  };
}

export const reproduce: CommandAction = (config, context) => runScenarioCommand(config, context, {
  cells: [
    { scenario: 'incident-replay', strategy: 'naive', repeatUntilCaught: true },
    { scenario: 'incident-replay', strategy: 'idempotent' },
  ],
  incident: (_session, outcomes) => {
    const comparison: IncidentComparison = {
      businessName: INCIDENT_BUSINESS,
      areaCode: '828',
      timeScale: config.timeScale ?? 500,
      priceUsdPerMonth: PRICE_USD_PER_MONTH,
      rows: outcomes.map((outcome, index) => incidentRow(outcome, index)),
    };
    const lines = comparison.rows.map((row) =>
      `  ${row.strategy.padEnd(11)} numbers bought: ${row.numbersBought}   in the database: ${row.numbersInDatabase}   orphans: ${row.orphans}   waste: $${row.monthlyCostUsd}/month`);
    context.stderr(`\n${INCIDENT_BUSINESS} (828), the incident replayed at ×${comparison.timeScale}:\n${lines.join('\n')}\n\n`);
    return comparison;
  },
  exitCode: (scenarios) => {
    const [naive, idempotent] = scenarios;
    const reproduced = naive?.verdict === 'fail' && (naive.twilio.committed > 1);
    const prevented = idempotent?.verdict === 'pass';
    if (reproduced && prevented) return EXIT.ok;
    if (naive?.verdict === 'error' || idempotent?.verdict === 'error') return EXIT.internal;
    context.stderr(`${reproduced ? '' : 'naive did not reproduce the duplicate purchases. '}${prevented ? '' : 'idempotent did not prevent them.'}\n`);
    return EXIT.violation;
  },
});
