// What the runner hands the report writers: the contract result plus the raw evidence (history and
// ledger) of every scenario cell, so the HTML can show the smallest explaining history of a violation.
import type { Ledger } from '../fake-twilio/types.ts';
import type { Operation } from '../model/index.ts';
import type { RunResult } from '../model/index.ts';

export interface ReportBusiness {
  id: string;
  name?: string;
}

/** What the harness's checkers found beyond result.json, for the page to draw (never recomputed here). */
export interface CellDrawings {
  /** Ledger purchase seq → the business it is attributed to (null: an orphan). */
  owners: Record<number, string | null>;
  /** Per-burst spreads in ms (arrival null where the target did not stamp X-Arrival-Ns). */
  spreads: { send: number[]; arrival: (number | null)[] } | null;
  /** The latency histogram of the traffic under test. */
  latency: { binMs: number; counts: number[] } | null;
}

export interface ReportCell {
  /** Index into `result.scenarios`. */
  scenarioIndex: number;
  businesses: ReportBusiness[];
  history: Operation[];
  ledger: Ledger;
  /** null for a cell that never ran (skipped, crashed). */
  findings: CellDrawings | null;
}

/** One point of the incident timeline, in milliseconds since the first click of the replay. */
export interface IncidentEvent {
  atMs: number;
  kind: 'click' | 'response' | 'purchase' | 'release';
  /** Short text for the event, e.g. `attempt 2`, `200 +18285550100`, `network error`. */
  label: string;
  /** For `response`: how it ended (ok = 2xx, fail = other status, info = no answer). */
  outcome?: 'ok' | 'fail' | 'info';
  /** For `purchase`/`release`: the number bought or released. */
  phoneNumber?: string | null;
  /** For `purchase`: false when Twilio received the purchase but did not commit it. */
  committed?: boolean;
}

export interface IncidentRow {
  strategy: string;
  /** The cell's verdict (`fail` for the reproduced bug, `pass` for the fix). */
  verdict?: 'pass' | 'fail' | 'error' | 'skipped';
  numbersBought: number;
  numbersInDatabase: number;
  orphans: number;
  /** The monthly cost of the waste (orphans × price), as `reconcile` prints it. */
  monthlyCostUsd: number;
  /** Index into `result.scenarios` of the cell this row comes from, if any (links the row to its section). */
  scenarioIndex?: number;
  timeline: IncidentEvent[];
}

/** `exactly-one reproduce`: Tom's Garage under `naive` and under `idempotent`, side by side. */
export interface IncidentComparison {
  businessName: string;
  areaCode?: string;
  /** Replay time is real incident time divided by this (docs/scenarios.md, default 500): the page shows both. */
  timeScale: number;
  priceUsdPerMonth: number;
  rows: IncidentRow[];
}

export interface ReportInput {
  result: RunResult;
  cells: ReportCell[];
  incident?: IncidentComparison;
}
