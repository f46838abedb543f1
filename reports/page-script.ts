// The page's own script, as text to inline in the HTML report. Its source is the typed module
// reports/page/report-page.ts; the compiled package reads the bundle the build wrote beside this
// file (no esbuild at run time), source mode (tsx, tests) bundles the sources on first use, so
// what runs from the sources is never an old bundle. page-script.test.ts fails when the built
// bundle no longer matches the sources.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleReportPage, PAGE_BUNDLE_FILE } from './page-bundle.ts';

const compiled = import.meta.url.endsWith('.js');
let cached: string | null = null;

export function pageScript(): string {
  if (cached !== null) return cached;
  if (compiled) {
    const bundle = fileURLToPath(new URL(`./${PAGE_BUNDLE_FILE}`, import.meta.url));
    // dist/ inside a checkout whose last build stopped at a type error (copy-assets did not run):
    // the sources are there, so bundle them rather than fail every report.
    const sources = fileURLToPath(new URL('../../reports/page/report-page.ts', import.meta.url));
    if (existsSync(bundle)) cached = readFileSync(bundle, 'utf8');
    else if (existsSync(sources)) cached = bundleReportPage(sources);
    else throw new Error(`the report page script ${bundle} is missing from the build: run \`npm run build\` (it bundles reports/page/ with esbuild)`);
  } else {
    cached = bundleReportPage(fileURLToPath(new URL('./page/report-page.ts', import.meta.url)));
  }
  return cached;
}
