// Reporters are listeners on a run's events (Playwright's ReporterV2 and its multiplexer): the
// files of the run folder, the terminal summary, CI summaries. One failing reporter never stops
// the others: the run must always leave something a reviewer can open.
import type { ScenarioResult } from '../model/index.ts';
import type { ReportInput } from './report-input.ts';

export interface RunReporter {
  readonly name: string;
  /** A cell finished (each attempt that is kept); index into result.scenarios. */
  onCellEnd?(cell: ScenarioResult, index: number): void;
  /** The run ended, however it ended (pass, fail, error, interrupted). */
  onRunEnd(input: ReportInput): Promise<void> | void;
}

export interface Multiplexed extends RunReporter {
  /** What reporters could not do, one line each; empty when all went well. */
  readonly problems: string[];
}

export function multiplexReporters(reporters: readonly RunReporter[]): Multiplexed {
  const problems: string[] = [];
  const guard = (reporter: RunReporter, step: () => unknown) => {
    try {
      step();
    } catch (error) {
      problems.push(`${reporter.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    name: 'multiplexer',
    problems,
    onCellEnd(cell, index) {
      for (const reporter of reporters) if (reporter.onCellEnd) guard(reporter, () => reporter.onCellEnd!(cell, index));
    },
    async onRunEnd(input) {
      // In order: result.json first, so the contract file exists even if a later one fails.
      for (const reporter of reporters) {
        try {
          await reporter.onRunEnd(input);
        } catch (error) {
          problems.push(`${reporter.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    },
  };
}
