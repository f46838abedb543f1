import type { StepSnapshot } from './client-step.ts';

// Which held steps may be released together (see together-group.ts): one autocommit step per
// connection, ending at Sync or a simple Query, whose statements mean the same inside a
// transaction block as outside one. Refused: transaction control (the client's own BEGIN or
// COMMIT would end the proxy's transaction), statements PostgreSQL refuses inside a block
// (VACUUM, CREATE DATABASE, … CONCURRENTLY, DISCARD ALL, ALTER SYSTEM), LOCK (refused outside
// a block, so wrapping it would change its meaning) and CALL (a procedure may commit).

const REFUSED_FIRST_WORDS = /^(begin|start|commit|end|rollback|abort|savepoint|release|prepare|vacuum|cluster|reindex|discard|lock|call|checkpoint|alter system|create database|drop database|create tablespace|drop tablespace|create subscription|drop subscription|alter subscription)\b/;

/** Why the step cannot be released together, or null when it can. */
export function togetherRefusal(step: Pick<StepSnapshot, 'endsWith' | 'label'>, connectionStatus: 'I' | 'T' | 'E' | null): string | null {
  if (step.endsWith !== 'sync' && step.endsWith !== 'query') return `it ends with ${step.endsWith}, not Sync or a simple Query`;
  if (connectionStatus !== 'I') return `its connection is ${connectionStatus === 'T' ? 'inside a transaction' : connectionStatus === 'E' ? 'in a failed transaction' : 'not idle'}; only autocommit statements are wrapped`;
  const statements = step.label.split(';').map((s) => s.trim()).filter((s) => s !== '');
  if (statements.length === 0) return 'it runs no statement';
  const refused = statements.find((s) => REFUSED_FIRST_WORDS.test(s) || /\bconcurrently\b/.test(s));
  return refused ? `${JSON.stringify(refused)} does not mean the same inside a transaction block` : null;
}
