// What a driver knows that the history and the ledger cannot say. Checkers read it (burst spreads,
// landed control faults, click gaps, conformance); reports render what the checkers made of it.
import type { ConformanceResult, ExplorationSummary } from '../../model/index.ts';
import type { LoadEvidence } from './load/load-evidence.ts';

export interface BurstSpread {
  business: string;
  sendSpreadMs: number;
  arrivalSpreadMs: number | null;
}

export interface ClickRecord {
  businessId: string;
  style: string;
  gapsMs: number[];
}

export interface DriverEvidence {
  /** Who sent the traffic, as result.json names it. */
  driver: 'undici' | 'k6' | 'chromium';
  /** The load engine, as result.json names it. */
  engine: 'undici' | 'k6';
  /** Per-business burst spreads (plan interpreter). */
  spreads?: BurstSpread[];
  /** Control faults (SIGKILL, terminated sessions) that hit a paused purchase, as `kind:businessIndex`. */
  controlLanded?: ReadonlySet<string>;
  /** Presses per business in the browser. */
  clicks?: ClickRecord[];
  /** Named Idempotency-Key checks. */
  conformance?: ConformanceResult[];
  /** Open-model load (sustained-load): result.json's `load` (thresholds evaluated) and how the arrivals ended. */
  load?: LoadEvidence;
  /** Interleaving exploration (interleavings): result.json's `exploration`. */
  exploration?: ExplorationSummary;
  /** Numbers the driver measured that belong in result.json's metrics. */
  metrics?: Record<string, number>;
  /** The browser's version, when one was driven. */
  browserVersion?: string;
  /** Screenshots kept for these businesses (the browser driver keeps the failing ones). */
  keepScreenshots?(businessIds: string[]): Promise<string[]>;
}
