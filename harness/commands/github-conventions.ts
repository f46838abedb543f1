import { appendFileSync } from 'node:fs';
import { githubAnnotations, githubStepSummary } from '../../reports/index.ts';
import type { RunResult } from '../../model/index.ts';

// The I/O half of reports/github-summary.ts: on GitHub Actions, the job summary gets the run's
// Markdown and the log its `::error` lines. Outside Actions (neither variable set) it does nothing.

export interface GithubOutput {
  env?: NodeJS.ProcessEnv;
  /** Where workflow commands go: stdout, which GitHub reads them from. */
  stdout(text: string): void;
  /** Used instead of stdout with --json, so stdout stays one JSON document. */
  stderr(text: string): void;
  json?: boolean;
}

export function reportToGithub(result: RunResult, output: GithubOutput): void {
  const env = output.env ?? process.env;
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      appendFileSync(summaryFile, githubStepSummary(result));
    } catch (error) {
      // A summary that cannot be written must not turn a finished run into a crash: say so, go on.
      output.stderr(`warning: could not append the job summary to GITHUB_STEP_SUMMARY=${summaryFile}: ${(error as Error).message}\n`);
    }
  }
  if (env.GITHUB_ACTIONS && env.GITHUB_ACTIONS !== 'false') {
    const write = output.json ? output.stderr : output.stdout;
    for (const line of githubAnnotations(result)) write(`${line}\n`);
  }
}
