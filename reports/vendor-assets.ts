// The page must work offline from file://, so its libraries are inlined. They are read from
// node_modules at run time (not copied into our sources) so the compiled package inlines the
// exact versions it depends on.
//
// uPlot (MIT, ~50 KB minified): canvas charts that stay fast with tens of thousands of points,
// with drag-to-zoom built in and no dependencies. Chart.js (~200 KB) and ECharts (~1 MB) would
// eat the 1 MB budget of a 1,000-business report on their own.
// fflate (MIT, ~33 KB UMD): gunzips the inlined run data in the page, synchronously, in every
// browser (DecompressionStream is async and missing from older Safari).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface VendorAssets {
  uplotJs: string;
  uplotCss: string;
  fflateJs: string;
}

let cached: VendorAssets | null = null;

export function vendorAssets(): VendorAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  // fflate's exports map hides its browser UMD build; find it beside the resolved entry point.
  const fflateRoot = dirname(dirname(require.resolve('fflate')));
  cached = {
    uplotJs: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    uplotCss: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    fflateJs: readFileSync(join(fflateRoot, 'umd', 'index.js'), 'utf8'),
  };
  return cached;
}

/** Inline script text must not close its own element. */
export function inlineScript(js: string): string {
  return js.replace(/<\/script/gi, '<\\/script');
}
