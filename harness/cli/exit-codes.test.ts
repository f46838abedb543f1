import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { EnvironmentError, UsageError } from '../errors.ts';
import { exitCodeFor, formatError } from './exit-codes.ts';

const usage = new UsageError({ code: 'E_BAD_FLAG', message: '--seed must be a whole number; got "x"', value: 'x', source: '--seed', fix: 'change --seed "x" to a whole number' });
const environment = new EnvironmentError({ code: 'E_NO_DOCKER', message: 'no engine', fix: 'start one', cause: new Error('ECONNREFUSED') });

describe('exit codes', () => {
  it('maps each kind of error to docs/cli.md', () => {
    expect(exitCodeFor(usage)).toBe(2);
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownOption', 'unknown option'))).toBe(2);
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0);
    expect(exitCodeFor(environment)).toBe(3);
    expect(exitCodeFor(new RangeError('oops'))).toBe(4);
    expect(exitCodeFor('a string thrown')).toBe(4);
  });

  it('prints code, message and fix without a stack; the stack and its causes with --debug', () => {
    expect(formatError(usage, false)).toBe('error E_BAD_FLAG: --seed must be a whole number; got "x"\n  fix: change --seed "x" to a whole number\n');
    const debug = formatError(environment, true);
    expect(debug).toContain('error E_NO_DOCKER: no engine');
    expect(debug).toContain('caused by:');
    expect(debug).toContain('ECONNREFUSED');
    expect(formatError(new RangeError('oops'), false)).toMatch(/^internal error: oops\n.*report.*\n.*--debug/s);
  });
});
