import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../harness/cli/index.ts';
import { CONTAINER_LABELS, startContainerPostgres } from '../harness/db/container-postgres.ts';
import { sweepStaleResources } from '../harness/db/sweep.ts';
import { EnvironmentError } from '../harness/errors.ts';

// The container provider through Testcontainers. CI builds a local image when it can start a
// Docker engine (.ci/docker-postgres.sh) and sets EXACTLY_ONE_TEST_CONTAINER_IMAGE; without it
// these tests report skipped with the reason. The "no engine" behaviour is tested everywhere.

const ROOT = resolve(import.meta.dirname, '..');
const image = process.env.EXACTLY_ONE_TEST_CONTAINER_IMAGE;
const skipReason = image ? undefined : 'EXACTLY_ONE_TEST_CONTAINER_IMAGE is not set: no Docker engine and local PostgreSQL image here (.ci/docker-postgres.sh makes them)';
const scratch = mkdtempSync(join(tmpdir(), 'exactly-one-container-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function containersOfRun(runId: string): Promise<string[]> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  return (await client.container.list()).filter((c) => c.Labels?.[CONTAINER_LABELS.run] === runId).map((c) => c.Id);
}

describe('container provider without a Docker engine', () => {
  it('throws EnvironmentError E_NO_DOCKER with the fix, and the CLI exits 3', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${join(scratch, 'no-engine-here.sock')}`;
    try {
      const error = await startContainerPostgres({ image: 'postgres:17-alpine' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EnvironmentError);
      expect((error as EnvironmentError).code).toBe('E_NO_DOCKER');
      expect((error as EnvironmentError).message).toContain('no-engine-here.sock');
      expect((error as EnvironmentError).fix).toContain('--db embedded');

      let stderr = '';
      const code = await runCli(['gate', '--db', 'container'], {
        commands: { gate: async (config) => (await startContainerPostgres({ image: config.containerImage }), 0) },
        env: {},
        cwd: scratch,
        stdout: () => {},
        stderr: (t) => (stderr += t),
      });
      expect(code).toBe(3);
      expect(stderr).toContain('error E_NO_DOCKER');
      expect(stderr).toContain('fix: start a Docker engine');
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe('container provider', () => {
  it('starts a labelled PostgreSQL container, creates and drops databases, and removes the container on stop', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const runId = `ct${process.pid}`;
    const cluster = await startContainerPostgres({ image, runId });
    try {
      expect(cluster.provider).toBe('container');
      expect(cluster.serverVersion).toMatch(/^\d+\.\d+/);
      expect(await containersOfRun(runId)).toHaveLength(1);
      const db = await cluster.createDatabase();
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      expect((await client.query('SELECT current_database() AS name')).rows).toEqual([{ name: db.name }]);
      await client.end();
    } finally {
      await cluster.stop();
    }
    expect(await containersOfRun(runId)).toEqual([]);
  });

  it('a new run sweeps the container of a SIGKILLed run', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const runId = `ctkilled${process.pid}`;
    const script = join(scratch, 'container.mts');
    writeFileSync(script, `
      import { startContainerPostgres } from '${ROOT}/harness/db/container-postgres.ts';
      const cluster = await startContainerPostgres({ image: ${JSON.stringify(image)}, runId: '${runId}' });
      console.log(cluster.adminUrl);
      setInterval(() => {}, 1000);
    `);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((r) => child.on('exit', r));
    const line = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
    expect(line.done).toBe(false);
    child.kill('SIGKILL');
    await exited;
    expect(await containersOfRun(runId)).toHaveLength(1);

    const report = await sweepStaleResources({ containers: true, embeddedRoot: false });
    expect(report.containers).toHaveLength(1);
    expect(await containersOfRun(runId)).toEqual([]);
  });
});
