// The one-file HTML report: server-rendered tables (readable even with scripts off) and charts
// drawn in the page from the run data inlined beside them. A Content-Security-Policy forbids every
// request, so the page provably works offline from file:// and leaks nothing.
import { gzipSync } from 'node:zlib';
import { buildCellData, type CellData } from './cell-model.ts';
import { esc, scriptJson } from './html-escape.ts';
import { renderIncident } from './incident-section.ts';
import { renderMatrix } from './matrix-table.ts';
import { pageScript } from './page-script.ts';
import { PAGE_STYLE } from './page-style.ts';
import type { ReportInput } from './report-input.ts';
import type { ScenarioResult } from '../model/index.ts';
import { renderScenarioSection } from './scenario-section.ts';
import { renderRerun, renderTopFindings, renderVerdictBanner } from './verdict-banner.ts';
import { isDecisiveBreak, matchesExpectation, VERDICT_WORD } from './verdict-text.ts';
import { inlineScript, vendorAssets } from './vendor-assets.ts';

/** Above this, the run data is gzipped and base64-encoded (and fflate is inlined to read it). */
const COMPRESS_ABOVE_BYTES = 16 * 1024;
/** Up to this many scenarios, all are open; beyond it (a matrix), only those that need attention. */
const OPEN_ALL_UP_TO = 6;

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'";

function needsAttention(s: ScenarioResult): boolean {
  return s.verdict === 'error' || matchesExpectation(s) === false || (s.expected === null && s.verdict === 'fail');
}

function payloadElement(payload: unknown): { html: string; compressed: boolean } {
  const json = JSON.stringify(payload);
  if (json.length <= COMPRESS_ABOVE_BYTES) {
    return { html: `<script type="application/json" id="run-data" data-encoding="json">${scriptJson(payload)}</script>`, compressed: false };
  }
  const b64 = gzipSync(json, { level: 9 }).toString('base64');
  return { html: `<script type="application/octet-stream" id="run-data" data-encoding="gzip-base64">${b64}</script>`, compressed: true };
}

export function renderHtmlReport(input: ReportInput): string {
  const { result } = input;
  const cellsByIndex = new Map(input.cells.map((c) => [c.scenarioIndex, c]));
  const data: CellData[] = input.cells.map((c) => buildCellData(c, result.scenarios[c.scenarioIndex]));
  const dataByIndex = new Map(data.map((d) => [d.scenarioIndex, d]));
  const openAll = result.scenarios.length <= OPEN_ALL_UP_TO;
  const sections = result.scenarios.map((s, i) =>
    renderScenarioSection(s, i, cellsByIndex.get(i), dataByIndex.get(i), openAll || needsAttention(s), (inv) => isDecisiveBreak(result, s, inv))).join('\n');
  const payload = payloadElement({ result, cells: data, incident: input.incident ?? null });
  const vendor = vendorAssets();
  const title = `${VERDICT_WORD[result.verdict]} · exactly-one ${result.command} · ${result.startedAt}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>${vendor.uplotCss}</style><style>${PAGE_STYLE}</style>
</head><body>
${renderVerdictBanner(result)}
<main>
${renderRerun(result)}
${renderTopFindings(result)}
${input.incident ? renderIncident(input.incident) : ''}
${renderMatrix(result)}
<section class="scenarios"><h2>Scenarios</h2>${sections || '<p class="muted">No scenario ran.</p>'}</section>
<footer>Written by exactly-one. Everything on this page is inlined: it works offline and makes no request.
The full history is in <code>history.jsonl</code> and the machine-readable result in <code>result.json</code> beside this file.</footer>
</main>
${payload.html}
${payload.compressed ? `<script>${inlineScript(vendor.fflateJs)}</script>` : ''}
<script>${inlineScript(vendor.uplotJs)}</script>
<script>${inlineScript(pageScript())}</script>
</body></html>
`;
}
