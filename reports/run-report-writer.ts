// Writes a run's reports into its directory. The contract file (result.json) goes first and every
// file is written to a temporary name then renamed, so an interrupted run never leaves half a
// report; if the HTML cannot be rendered, a plain page with the verdict and the error is written
// instead, because a run must always leave something a reviewer can open.
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { esc } from './html-escape.ts';
import { renderHtmlReport } from './html-report.ts';
import { renderJunit } from './junit-report.ts';
import type { ReportInput } from './report-input.ts';
import type { RunResult } from '../model/index.ts';
import { multiplexReporters, type RunReporter } from './run-reporter.ts';
import { VERDICT_WORD, verdictSentence } from './verdict-text.ts';

export interface WrittenReport {
  htmlPath: string;
  jsonPath: string;
  junitPath: string;
  /** What could not be rendered in full (the files were still written). Empty when all went well. */
  problems: string[];
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/** `reports/runs/<timestamp>-<command>` (docs/reports.md): sortable, and safe in every file system. */
export function runDirectoryName(command: string, startedAt: Date): string {
  return `${startedAt.toISOString().replace(/[:.]/g, '-')}-${command.replace(/[^a-z0-9-]/gi, '_')}`;
}

export function fallbackHtml(result: RunResult, problem: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${VERDICT_WORD[result.verdict]} · exactly-one ${esc(result.command)}</title></head>
<body><h1 id="verdict-word">${VERDICT_WORD[result.verdict]}</h1><p id="verdict-sentence">${esc(verdictSentence(result))}</p>
<p>Re-run: <code id="rerun">${esc(result.rerun)}</code></p>
<p><b>The full report could not be drawn:</b> ${esc(problem)}. The run's result follows; result.json and junit.xml are beside this file.</p>
<pre>${esc(JSON.stringify(result, null, 2))}</pre></body></html>\n`;
}

/** The run folder's files as reporters: result.json first, then junit.xml, then index.html. */
export function fileReporters(dir: string): RunReporter[] {
  return [
    { name: 'result.json', onRunEnd: async (input) => writeAtomic(join(dir, 'result.json'), `${JSON.stringify(input.result, null, 2)}\n`) },
    {
      name: 'junit.xml',
      async onRunEnd(input) {
        let junit: string;
        try {
          junit = renderJunit(input.result);
        } catch (error) {
          await writeAtomic(join(dir, 'junit.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="1" errors="1"><testsuite name="exactly-one ${esc(input.result.command)}" tests="1" errors="1">`
            + `<testcase name="report" classname="exactly-one"><error message="${esc(String(error))}" type="REPORT_ERROR"/></testcase></testsuite></testsuites>\n`);
          throw error;
        }
        await writeAtomic(join(dir, 'junit.xml'), junit);
      },
    },
    {
      name: 'index.html',
      async onRunEnd(input) {
        let html: string;
        try {
          html = renderHtmlReport(input);
        } catch (error) {
          await writeAtomic(join(dir, 'index.html'), fallbackHtml(input.result, String(error)));
          throw error;
        }
        await writeAtomic(join(dir, 'index.html'), html);
      },
    },
  ];
}

export async function writeRunReport(dir: string, input: ReportInput, extra: readonly RunReporter[] = []): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const reporters = multiplexReporters([...fileReporters(dir), ...extra]);
  await reporters.onRunEnd(input);
  return { htmlPath: join(dir, 'index.html'), jsonPath: join(dir, 'result.json'), junitPath: join(dir, 'junit.xml'), problems: reporters.problems };
}

/**
 * Makes `<reportsRoot>/latest` a copy of `runDir`. A copy, not a symbolic link: `reports/latest/`
 * is git-ignored as a directory (a link would show up as a new file to commit), CI artifact
 * uploaders do not all follow links, and the page opens from file:// either way. The copy is made
 * beside the run (under runs/, also ignored) and renamed into place, so readers never see half of it.
 */
export async function refreshLatest(runDir: string, reportsRoot: string): Promise<string> {
  const latest = join(reportsRoot, 'latest');
  await mkdir(reportsRoot, { recursive: true });
  const tmp = join(dirname(resolve(runDir)), `.latest-${process.pid}-${Date.now()}`);
  try {
    await cp(runDir, tmp, { recursive: true });
    await rm(latest, { recursive: true, force: true });
    await rename(tmp, latest);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  return latest;
}
