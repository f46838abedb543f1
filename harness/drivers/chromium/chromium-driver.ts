import { join } from 'node:path';
import type { Driver } from '../driver.ts';
import { CellSkipped } from '../cell-skipped.ts';
import { recordMeasured } from '../measured-operations.ts';
import { runBrowserClicks } from './browser-clicks.ts';

// rapid-clicks in a real Chromium: every request the pages send is recorded in the cell's history.
export function chromiumDriver(executablePath: string, external: boolean): Driver {
  return {
    name: 'chromium',
    async drive(context) {
      const clicked = await runBrowserClicks({
        executablePath,
        appUrl: context.fleet.urls[0]!,
        variant: context.variant,
        businesses: [...context.businesses],
        artifactsDir: context.artifactsDir,
        scenario: context.scenario,
        signal: context.signal,
      }).catch((error: unknown) => {
        // The page is optional for external targets (docs/target-contract.md): without one, the cell is skipped.
        if (external && (error as { code?: string }).code === 'E_NO_PAGE') {
          throw new CellSkipped(`the target does not serve /onboarding.html, which rapid-clicks needs (optional for external targets, see docs/target-contract.md): ${(error as Error).message}`);
        }
        throw error;
      });
      recordMeasured(context.history, clicked.operations);
      return {
        evidence: {
          driver: 'chromium',
          engine: 'undici',
          clicks: clicked.clicks,
          browserVersion: clicked.browserVersion,
          metrics: { consoleErrors: clicked.consoleErrors.length },
          keepScreenshots: (ids) => clicked.keepScreenshots(ids),
        },
        dispose: () => clicked.close(),
      };
    },
  };
}
