import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The folder rules of .dependency-cruiser.cjs (docs/architecture.md), run over the real tree, and
// shown to bite on a tree that breaks each one.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const FOLDERS = ['model', 'fake-twilio', 'target-app', 'harness', 'scenarios', 'reports'];

async function cruise(cwd: string, config: string): Promise<{ code: number; out: string }> {
  return promisify(execFile)(process.execPath, [DEPCRUISE, '--config', config, '--output-type', 'err', ...FOLDERS], { cwd, maxBuffer: 8 << 20 })
    .then(({ stdout }) => ({ code: 0, out: stdout }), (error: { code: number; stdout: string }) => ({ code: error.code, out: error.stdout }));
}

describe('folder dependency rules', () => {
  it('the tree follows them', async () => {
    const { code, out } = await cruise(ROOT, '.dependency-cruiser.cjs');
    expect(out).toContain('no dependency violations');
    expect(code).toBe(0);
  }, 120_000);

  it('each rule catches its violation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'exactly-one-deps-'));
    try {
      const file = async (path: string, text: string) => { await mkdir(dirname(join(dir, path)), { recursive: true }); await writeFile(join(dir, path), text); };
      await copyFile(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
      await file('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true } }));
      await file('harness/cli.ts', "export const x = 1;\n");
      await file('model/names.ts', "import { x } from '../harness/cli.ts';\nexport const y = x;\n");
      await file('reports/page.ts', "import type { x } from '../harness/cli.ts';\nexport type Y = typeof x;\n");
      await file('scenarios/plan.ts', "import { x } from '../harness/cli.ts';\nexport const z = x;\n");
      await file('target-app/app.ts', "import { y } from '../model/names.ts';\nexport const a = y;\n");
      await file('fake-twilio/core.ts', "import { z } from '../scenarios/plan.ts';\nexport const b = z;\n");
      await file('harness/run.ts', "import { a } from '../target-app/app.ts';\nexport const c = a;\n");
      // A devDependency is not installed with the published package: a static import of one breaks `npx exactly-one`.
      await file('package.json', JSON.stringify({ name: 'p', type: 'module', dependencies: { 'run-dep': '1.0.0' }, devDependencies: { 'dev-only': '1.0.0' } }));
      for (const name of ['run-dep', 'dev-only']) {
        await file(`node_modules/${name}/package.json`, JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js', types: 'index.d.ts' }));
        await file(`node_modules/${name}/index.js`, 'export default 1;\n');
        await file(`node_modules/${name}/index.d.ts`, 'declare const v: number;\nexport default v;\n');
      }
      await file('harness/bench.ts', "import dev from 'dev-only';\nimport dep from 'run-dep';\nexport const d = dev + dep;\n");
      await file('harness/lazy.ts', "import type dev from 'dev-only';\nexport const load = async (): Promise<typeof dev> => (await import('dev-only')).default;\n");
      const { code, out } = await cruise(dir, '.dependency-cruiser.cjs');
      expect(code).not.toBe(0);
      for (const rule of ['model-is-a-leaf', 'reports-read-the-model', 'scenarios-are-pure', 'target-app-stands-alone', 'fake-twilio-stands-alone', 'harness-launches-the-app', 'shipped-code-needs-no-dev-dependency']) {
        expect(out, rule).toContain(rule);
      }
      expect(out).toContain('harness/bench.ts → node_modules/dev-only');
      expect(out).not.toContain('run-dep');
      expect(out).not.toContain('harness/lazy.ts');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
