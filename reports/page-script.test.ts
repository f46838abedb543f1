import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleReportPage, PAGE_BUNDLE_FILE } from './page-bundle.ts';
import { pageScript } from './page-script.ts';

const entry = fileURLToPath(new URL('./page/report-page.ts', import.meta.url));
const built = fileURLToPath(new URL(`../dist/reports/${PAGE_BUNDLE_FILE}`, import.meta.url));

describe('the report page script', () => {
  it('is one classic script bundled from reports/page/, with nothing left to import', () => {
    const script = pageScript();
    expect(script).toBe(bundleReportPage(entry));
    expect(script).toMatch(/^"use strict";\n\(\(\) => \{/);
    expect(script).not.toMatch(/^\s*(import|export)\b/m);
    expect(script).toContain("setAttribute(\"data-ready\", \"1\")");
  });

  // No stale-bundle trap: the compiled package inlines dist/reports/report-page.bundle.js, which
  // `npm run build` writes (npm test builds first); a bundle left from older sources fails here.
  it.skipIf(!existsSync(built))(`the bundle in dist/ matches the sources${existsSync(built) ? '' : ' (skipped: no dist/ — run npm run build)'}`, () => {
    expect(readFileSync(built, 'utf8')).toBe(bundleReportPage(entry));
  });
});
