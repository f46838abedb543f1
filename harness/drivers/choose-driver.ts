import type { ScenarioDefinition } from '../../scenarios/index.ts';
import { chooseBrowserDriver } from './chromium/browser-choice.ts';
import { chromiumDriver } from './chromium/chromium-driver.ts';
import type { Driver } from './driver.ts';
import { k6Driver } from './k6/k6-driver.ts';
import { planDriver } from './plan/plan-driver.ts';
import { conformanceDriver } from './conformance/index.ts';
import { loadDriver } from './load/index.ts';
import { exploreDriver } from './explore/explore-driver.ts';

// Which driver sends a cell's traffic. The scenario names its kind; a page scenario is clicked in
// Chromium when one is found (else the API-level replay runs and the browser check is recorded as
// skipped, never as a browser pass); --engine k6 hands API traffic to the user's k6.

export interface DriverChoice {
  driver: Driver;
  /** Set when a page scenario ran without a browser: the browser check is reported skipped with this reason. */
  browserSkipped?: { reason: string; notice: string };
}

export interface DriverRequest {
  definition: ScenarioDefinition;
  engine: 'undici' | 'k6';
  external: boolean;
  requireBrowser: boolean;
  concurrency?: number;
  k6Segments?: number;
}

/** Drivers of scenario kinds other than the plan (conformance checks, open-model load), by kind. */
const KIND_DRIVERS: Record<Exclude<NonNullable<ScenarioDefinition['driver']>, 'plan'>, Driver> = { conformance: conformanceDriver, load: loadDriver, explore: exploreDriver };

export function chooseDriver(request: DriverRequest): DriverChoice {
  const kind = request.definition.driver ?? 'plan';
  // The open-model load has a k6 script of its own (ramping-arrival-rate); conformance does not.
  if (kind === 'load' && request.engine === 'k6') return { driver: k6(request) };
  if (kind !== 'plan') {
    return { driver: KIND_DRIVERS[kind] };
  }
  if (request.definition.usesPage) {
    const browser = chooseBrowserDriver({ requireBrowser: request.requireBrowser });
    if (browser.driver === 'chromium') return { driver: chromiumDriver(browser.executablePath, request.external) };
    return { driver: apiLevel(request), browserSkipped: { reason: browser.skipReason, notice: browser.notice } };
  }
  return { driver: apiLevel(request) };
}

function apiLevel(request: DriverRequest): Driver {
  return request.engine === 'k6' ? k6(request) : planDriver;
}

function k6(request: DriverRequest): Driver {
  return k6Driver({ segments: request.k6Segments ?? 1, ...(request.concurrency !== undefined ? { concurrency: request.concurrency } : {}) });
}
