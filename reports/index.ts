// reports/: the only public door. The harness's runner calls writeRunReport at the end of every
// command (also on crash or interruption, with verdict `error`) and prints formatTerminalSummary.
export type { IncidentComparison, IncidentEvent, IncidentRow, ReportBusiness, ReportCell, ReportInput } from './report-input.ts';
export type {
  BurstStats, FaultResult, InvariantCode, InvariantResult, Percentiles, RunResult, ScenarioResult, Verdict, Violation,
} from '../model/index.ts';
export { renderHtmlReport } from './html-report.ts';
export { renderJunit } from './junit-report.ts';
export { formatTerminalSummary, type TerminalSummaryOptions } from './terminal-summary.ts';
export { fileReporters, refreshLatest, runDirectoryName, writeRunReport, type WrittenReport } from './run-report-writer.ts';
export { multiplexReporters, type Multiplexed, type RunReporter } from './run-reporter.ts';
export { cellLabel, isDecisiveBreak, judgedByExpectations, matchesExpectation, verdictSentence } from './verdict-text.ts';
export { incidentTimeline } from './incident-timeline.ts';
/** For tests (ours and the harness's): realistic report inputs without running a target. */
export { reportFixture, type FixtureKind } from './fixtures.ts';
/** GitHub Actions: the job-summary Markdown and `::error` annotation lines of a run. */
export { githubAnnotations, githubStepSummary, MAX_ANNOTATIONS } from './github-summary.ts';
