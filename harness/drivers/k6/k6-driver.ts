import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SCENARIOS } from '../../../scenarios/index.ts';
import { UsageError } from '../../errors.ts';
import type { Driver } from '../driver.ts';
import { recordMeasured } from '../measured-operations.ts';
import { k6LoadEvidence } from './k6-load-output.ts';
import { planK6Load } from './k6-load-plan.ts';
import { K6_SCRIPTS } from './k6-scripts.ts';
import { runK6Cell, writeK6Fixtures } from './run-k6-cell.ts';

// --engine k6: the same plan, sent by the user's k6 (one process per execution segment) from the
// fixtures the harness seeded; k6's JSON output becomes the history, so every invariant is checked
// against the ledger, not only k6's aggregates. sustained-load adds its profile and arrival plan
// to the fixtures, and its `load` evidence is rebuilt from the same output.

export function k6Driver(options: { concurrency?: number; segments: number }): Driver {
  return {
    name: 'k6',
    async drive(context) {
      const script = K6_SCRIPTS[context.scenario];
      if (!script) {
        throw new UsageError({
          code: 'E_K6_SCENARIO', message: `--engine k6 cannot run ${context.scenario}: it needs fault or process control that k6 does not have`, value: context.scenario, source: '--engine',
          fix: `run it with --engine undici, or choose one of ${Object.keys(K6_SCRIPTS).filter((name) => name in SCENARIOS).join(', ')}`,
        });
      }
      await mkdir(context.artifactsDir, { recursive: true });
      const load = context.scenario === 'sustained-load' ? await planK6Load(context) : null;
      const businesses = load?.businesses ?? context.businesses;
      const fixturesFile = join(context.artifactsDir, 'fixtures.json');
      await writeK6Fixtures(fixturesFile, {
        version: 1, scenario: context.scenario, seed: context.seed, strategy: context.strategy, variant: context.variant, areaCode: context.plan.areaCode,
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        businesses: businesses.map((b) => ({ id: b.id, name: b.name, ownerToken: b.ownerToken })),
        ...(load ? { load: load.plan } : {}),
      });
      const k6 = await runK6Cell({
        script, fixturesFile, targetUrl: context.fleet.urls[0]!, segments: options.segments, runDir: context.artifactsDir, signal: context.signal, scenario: context.scenario,
        scriptEnv: { TARGET_URLS: context.fleet.urls.join(','), SEGMENTS: String(options.segments) }, readLoad: load !== null,
        // One process judged the whole run: its verdicts are the run's. Split, each judged only its share.
        summaryExport: load !== null && options.segments === 1,
      });
      recordMeasured(context.history, k6.operations);
      const metrics = { k6Processes: k6.processes.length, k6ThresholdsFailed: k6.thresholdsFailed ? 1 : 0 };
      if (!load) return { evidence: { driver: 'k6', engine: 'k6', metrics } };
      const evidence = k6LoadEvidence(load.settings, k6.load!, businesses.length, k6.summaries?.[0] ?? null);
      return { evidence: { driver: 'k6', engine: 'k6', load: evidence, metrics: { ...metrics, loadScheduled: evidence.scheduled, loadRequests: evidence.requests, loadErrors: evidence.errors } } };
    },
  };
}
