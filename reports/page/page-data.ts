// What the report page reads: the run data inlined beside it (renderHtmlReport's payload) and the
// two libraries inlined before it as globals. Types only come from the server-side models, so a
// change to a model that the page does not follow fails the type check instead of the page.
import type uPlotType from 'uplot';
import type { CellData } from '../cell-model.ts';
import type { IncidentComparison, IncidentRow } from '../report-input.ts';

export type { CellData, IncidentComparison, IncidentRow };
export type UPlot = uPlotType;

export interface PageData {
  result: unknown;
  cells: CellData[];
  incident: IncidentComparison | null;
}

interface Fflate {
  gunzipSync(data: Uint8Array): Uint8Array;
  strFromU8(data: Uint8Array): string;
}

interface PageGlobals {
  uPlot: typeof uPlotType;
  /** Inlined only when the run data is compressed. */
  fflate?: Fflate;
  __exactlyOne?: PageData;
  /** Every chart, for the browser tests (zoom) and for a reader poking at the page in devtools. */
  __exactlyOneCharts?: uPlotType[];
}

export const page = window as unknown as Window & PageGlobals;

/** Decodes the inlined run data (plain JSON, or gzip + base64 when large). */
export function readRunData(): PageData {
  const holder = document.getElementById('run-data')!;
  if (holder.getAttribute('data-encoding') === 'gzip-base64') {
    const bin = atob(holder.textContent!.trim());
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const fflate = page.fflate!;
    return JSON.parse(fflate.strFromU8(fflate.gunzipSync(bytes))) as PageData;
  }
  return JSON.parse(holder.textContent!) as PageData;
}
