// `checker.ops_per_s` (docs/bench.md): the cell runner's one pass of every checker (`checkCell`:
// the seven invariants, attribution, latency, faults) over a synthetic cell of a million
// operations (100k with --quick), with violations planted for every invariant. The answer is
// checked before the speed is reported: a checker that misses or invents a violation is a broken
// bench (an error, exit 4), never a fast one.
import { INVARIANT_CODES, type InvariantResult } from '../../model/index.ts';
import { checkCell } from '../checkers/index.ts';
import type { BenchLine, BenchOptions } from './bench-line.ts';
import { sortedIds, syntheticCell, type SyntheticCell } from './synthetic-cell.ts';

const GOAL_S = 10;

export async function benchCheckerThroughput(opts: BenchOptions & { operations?: number }): Promise<BenchLine[]> {
  const operations = opts.operations ?? (opts.quick ? 100_000 : 1_000_000);
  opts.progress?.(`checker throughput: building a synthetic cell of ${operations} operations`);
  const cell = syntheticCell({ operations });
  const history = cell.evidence.history.length;
  opts.progress?.(`checker throughput: checking ${history} operations, ${cell.evidence.businesses.length} businesses, ${cell.evidence.ledger.purchases.length} purchases`);
  const started = process.hrtime.bigint();
  const findings = checkCell(cell.evidence);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (findings.problems.length > 0) throw new Error(`a checker failed on the synthetic cell: ${findings.problems.join('; ')}`);
  const wrong = wrongAnswers(cell, findings.invariants);
  if (wrong.length > 0) throw new Error(`the checkers gave a wrong answer on the synthetic cell, so their speed means nothing: ${wrong.join('; ')}`);
  return [{
    name: 'checker.ops_per_s',
    value: Math.round(history / seconds),
    unit: 'ops/s',
    seconds: Math.round(seconds * 1000) / 1000,
    operations: history,
    businesses: cell.evidence.businesses.length,
    purchases: cell.evidence.ledger.purchases.length,
    violations: findings.invariants.reduce((sum, i) => sum + i.violations.length, 0),
    verified: true,
    goal: `≤ ${GOAL_S} s for 1,000,000 operations`,
    quick: opts.quick,
  }];
}

/** Each invariant must name exactly the businesses planted for it: one line per difference. */
export function wrongAnswers(cell: SyntheticCell, invariants: readonly InvariantResult[]): string[] {
  const wrong: string[] = [];
  for (const code of INVARIANT_CODES) {
    const result = invariants.find((i) => i.code === code);
    if (result === undefined) {
      wrong.push(`${code} did not report`);
      continue;
    }
    const want = cell.expected[code];
    const got = sortedIds(result.violations.map((v) => v.businessId));
    if (result.held !== (want.length === 0) || got.length !== want.length || got.some((id, i) => id !== want[i])) {
      const missed = want.filter((id) => !got.includes(id)).length;
      const extra = got.filter((id) => !want.includes(id)).length;
      wrong.push(`${code}: held ${String(result.held)}, ${got.length} violation(s) where ${want.length} were planted (${missed} missed, ${extra} not planted)`);
    }
  }
  return wrong;
}
