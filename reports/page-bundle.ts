// Bundles the report page's typed script (reports/page/) into one browser IIFE with esbuild.
// Used at build time (scripts/copy-assets.mjs writes dist/reports/report-page.bundle.js) and in
// source mode on first use; the compiled package never loads esbuild (a dev dependency).
import { createRequire } from 'node:module';

/** One set of options for both uses, so the build and source mode cannot bundle differently. */
export const PAGE_BUNDLE_OPTIONS = {
  bundle: true,
  format: 'iife',
  target: 'es2017',
  platform: 'browser',
  charset: 'utf8',
  legalComments: 'none',
  write: false,
} as const;

export const PAGE_BUNDLE_FILE = 'report-page.bundle.js';

type BuildSync = (options: Record<string, unknown>) => { outputFiles: { text: string }[] };

export function bundleReportPage(entry: string): string {
  const require = createRequire(import.meta.url);
  let buildSync: BuildSync;
  try {
    ({ buildSync } = require('esbuild') as { buildSync: BuildSync });
  } catch (error) {
    throw new Error(`bundling the report page needs esbuild (a dev dependency of exactly-one): ${(error as Error).message}`, { cause: error });
  }
  const result = buildSync({ ...PAGE_BUNDLE_OPTIONS, entryPoints: [entry] });
  return result.outputFiles[0]!.text;
}
