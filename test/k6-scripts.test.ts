// The k6 scripts: they type-check against @types/k6, import nothing but k6's own modules and
// the dependency-free plans in scenarios/, and cut the same plans the undici engine runs into
// per-business iterations without losing or duplicating a request. (k6 itself is not run here:
// it cannot be installed on these machines — see scenarios/k6/README.md.)
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ALLOWED_ERROR_CODES as HARNESS_ALLOWED } from '../harness/invariants/allowed-responses.ts';
import { SCENARIOS, PAGE_VARIANT_OF_STRATEGY } from '../scenarios/index.ts';
import { STRATEGY_NAMES } from '../model/index.ts';
import { actionsFor, ALLOWED_ERROR_CODES, isAllowedAnswer, resolveKey } from '../scenarios/k6/business-actions.ts';
import { fixturesProblem } from '../scenarios/k6/k6-fixtures.ts';
import { K6_SCRIPTS } from '../harness/drivers/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const K6_DIR = join(ROOT, 'scenarios', 'k6');
const SCRIPTS = ['concurrent-burst.ts', 'rapid-clicks.ts', 'rapid-clicks-browser.ts', 'db-lock-under-load.ts', 'soak.ts', 'sustained-load.ts'];

/** Records every import of a bundle; k6's modules stay external (k6 provides them). */
function importAudit(seen: { from: string; path: string; resolved: string | null }[]): Plugin {
  return {
    name: 'import-audit',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (args.path === 'k6' || args.path.startsWith('k6/')) {
          seen.push({ from: args.importer, path: args.path, resolved: null });
          return { path: args.path, external: true };
        }
        const resolved = args.path.startsWith('.') ? resolve(args.resolveDir, args.path) : null;
        seen.push({ from: args.importer, path: args.path, resolved });
        return undefined;
      });
    },
  };
}

describe('k6 scripts', () => {
  it('are all listed here', () => {
    const scripts = readdirSync(K6_DIR).filter((f) => f.endsWith('.ts') && !['business-actions.ts', 'k6-fixtures.ts', 'k6-onboarding.ts', 'load-profile.ts'].includes(f) && !f.endsWith('.test.ts'));
    expect(scripts.sort()).toEqual([...SCRIPTS].sort());
    expect(Object.values(K6_SCRIPTS).sort()).toEqual(SCRIPTS.map((s) => join(K6_DIR, s)).sort());
  });

  it('type-check against @types/k6', async () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', K6_DIR], { cwd: ROOT }).then(() => '', (error: { stdout: string }) => error.stdout);
    expect(result).toBe('');
  });

  for (const script of SCRIPTS) {
    it(`${script} bundles with imports only from k6/*, scenarios/ and the leaf model/`, async () => {
      const seen: { from: string; path: string; resolved: string | null }[] = [];
      const result = await build({
        entryPoints: [join(K6_DIR, script)], bundle: true, write: false, format: 'esm', platform: 'neutral',
        target: 'es2020', metafile: true, logLevel: 'silent', plugins: [importAudit(seen)],
      });
      const ours = (file: string) => ['scenarios', 'model'].some((dir) => !relative(join(ROOT, dir), file).startsWith('..'));
      const outside = seen.filter((s) => s.resolved === null ? !(s.path === 'k6' || s.path.startsWith('k6/')) : !ours(s.resolved));
      expect(outside).toEqual([]);
      const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(ROOT, p));
      for (const input of inputs) expect(ours(input), input).toBe(true);
      expect(seen.some((s) => s.path === 'k6/http' || s.path === 'k6/browser')).toBe(true);
      // The shared plans are really in the bundle, not re-implemented in the script.
      expect(inputs.filter((p) => dirname(p) === join(ROOT, 'scenarios')).length).toBeGreaterThan(0);
    });
  }

  it('allow exactly the error answers the invariants allow', () => {
    expect(ALLOWED_ERROR_CODES).toEqual(HARNESS_ALLOWED);
    expect(isAllowedAnswer(200, { success: true, phoneNumber: '+18285550100', alreadyComplete: false })).toBe(true);
    expect(isAllowedAnswer(200, { success: true, message: 'Request already processed' })).toBe(true);
    expect(isAllowedAnswer(409, { success: false, code: 'ONBOARDING_IN_PROGRESS' })).toBe(true);
    expect(isAllowedAnswer(409, { success: false, code: 'RATE_LIMITED' })).toBe(false);
    expect(isAllowedAnswer(500, { success: false, code: 'INTERNAL' })).toBe(false);
    expect(isAllowedAnswer(200, { success: false })).toBe(false);
  });

  it('reject a fixtures file the harness did not write', () => {
    expect(fixturesProblem({ version: 1, seed: 1, areaCode: '828', businesses: [{ id: 'a', ownerToken: 't', name: 'A' }] })).toBeNull();
    expect(fixturesProblem({ version: 2 })).toMatch(/version/);
    expect(fixturesProblem({ version: 1, seed: 1, areaCode: '828', businesses: [] })).toMatch(/businesses/);
  });
});

describe('k6-operator TestRuns', () => {
  for (const [file, script] of [['testrun.yaml', 'concurrent-burst'], ['testrun-sustained-load.yaml', 'sustained-load']] as const) {
    it(`${file} runs the ${script} archive on more than one pod, never reporting usage`, () => {
      const run = parseYaml(readFileSync(join(K6_DIR, 'kubernetes', file), 'utf8')) as {
        apiVersion: string; kind: string; spec: { parallelism: number; script: { configMap: { name: string; file: string } }; arguments: string; runner: { env: { name: string; value: string }[] } };
      };
      expect([run.apiVersion, run.kind]).toEqual(['k6.io/v1alpha1', 'TestRun']);
      expect(run.spec.parallelism).toBeGreaterThan(1);
      expect(run.spec.script.configMap.file).toBe(`${script}.tar`);
      expect(run.spec.arguments).toContain('--no-usage-report');
      const env = Object.fromEntries(run.spec.runner.env.map((e) => [e.name, e.value]));
      expect(env.K6_NO_USAGE_REPORT).toBe('true');
      // Each pod judges its share of the arrivals: SEGMENTS must be the pod count.
      if (script === 'sustained-load') expect(Number(env.SEGMENTS)).toBe(run.spec.parallelism);
    });
  }
});

describe('plans cut per business for k6', () => {
  const input = { seed: 42, timeScale: 1, processControl: false } as const;

  for (const strategy of STRATEGY_NAMES) {
    it(`concurrent-burst and db-lock-under-load [${strategy}]: every planned request lands in exactly one business's burst`, () => {
      for (const scenario of ['concurrent-burst', 'db-lock-under-load'] as const) {
        const plan = SCENARIOS[scenario].plan({ ...input, strategy, variant: PAGE_VARIANT_OF_STRATEGY[strategy], businesses: 12, concurrency: 4 });
        const planned = plan.phases.flatMap((p) => p.tracks.flat()).flatMap((a) => (a.do === 'burst' ? a.requests : []));
        const cut = Array.from({ length: plan.businesses }, (_, b) => actionsFor(plan, b));
        for (const [b, actions] of cut.entries()) {
          expect(actions.map((a) => a.do)).toEqual(['burst']);
          const burst = actions[0]!;
          if (burst.do !== 'burst') throw new Error('unreachable');
          expect(burst.requests).toHaveLength(4);
          expect(burst.requests.every((r) => r.business === b)).toBe(true);
        }
        expect(cut.flat().flatMap((a) => (a.do === 'burst' ? a.requests : []))).toEqual(
          [...planned].sort((x, y) => x.business - y.business),
        );
      }
    });
  }

  it('rapid-clicks: five fires ~20 ms apart per business on the buggy page, one on the fixed page', () => {
    const buggy = SCENARIOS['rapid-clicks'].plan({ ...input, strategy: 'naive', variant: 'buggy', businesses: 3 });
    expect(actionsFor(buggy, 1).map((a) => a.do)).toEqual(['fire', 'wait', 'fire', 'wait', 'fire', 'wait', 'fire', 'wait', 'fire', 'await-fired']);
    const fixed = SCENARIOS['rapid-clicks'].plan({ ...input, strategy: 'idempotent', variant: 'fixed', businesses: 3 });
    expect(actionsFor(fixed, 2).map((a) => a.do)).toEqual(['fire', 'await-fired']);
    const rca = SCENARIOS['rapid-clicks'].plan({ ...input, strategy: 'memory-dedupe', variant: 'rca-keys', businesses: 1 });
    const first = actionsFor(rca, 0)[0]!;
    expect(first.do === 'fire' && resolveKey(first.request.key, 'biz-9')).toMatch(/^onboarding-biz-9-\d+$/);
  });

  it('refuse scenarios whose faults only the harness can drive', () => {
    const plan = SCENARIOS['network-failure'].plan({ ...input, strategy: 'idempotent', variant: 'fixed', businesses: 5, processControl: true });
    expect(() => Array.from({ length: 5 }, (_, b) => actionsFor(plan, b))).toThrow(/harness's own engine/);
  });
});
