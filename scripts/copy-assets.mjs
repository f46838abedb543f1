// tsc only emits JavaScript; the compiled package also needs the files that are read at run time
// (the onboarding pages, vendored JSON schemas, the result schema) and the report page's script,
// bundled here from reports/page/ with esbuild so that the package never needs esbuild at run time.
import { cpSync, existsSync, writeFileSync } from 'node:fs';

const assets = [
  'target-app/public',
  'target-app/migrations',
  'fake-twilio/openapi',
  'reports/result.schema.json',
];
for (const asset of assets) {
  if (existsSync(asset)) cpSync(asset, `dist/${asset}`, { recursive: true });
}

// The same bundling code and options as source mode (dist/reports/page-bundle.js, just compiled).
const { bundleReportPage, PAGE_BUNDLE_FILE } = await import('../dist/reports/page-bundle.js');
writeFileSync(`dist/reports/${PAGE_BUNDLE_FILE}`, bundleReportPage('reports/page/report-page.ts'));
