import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, sweepStaleResources } from '../harness/db/sweep.ts';

// Embedded clusters of a killed run: the data directory stays, and so does its postgres (it
// runs in its own process group). The next run's sweep stops that postgres and removes the
// directory; directories of live runs are left alone.

const ROOT = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'exactly-one-sweep-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('sweep of embedded data directories', () => {
  it('removes the directory of a dead owner and keeps a live one; unlabelled ones are left alone', async () => {
    const root = join(scratch, 'root');
    const stale = join(root, 'pg-stale-1');
    const live = join(root, 'pg-live-2');
    const unlabelled = join(root, 'pg-unknown-3');
    for (const dir of [stale, live, unlabelled]) mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(stale, 'owner.json'), JSON.stringify({ pid: await deadPid(), runId: 'stale' }));
    writeFileSync(join(live, 'owner.json'), JSON.stringify({ pid: process.pid, runId: 'live' }));
    // a postmaster.pid naming a dead process must not make the sweep signal anything
    writeFileSync(join(stale, 'data', 'postmaster.pid'), `${await deadPid()}\n${join(stale, 'data')}\n`);

    const report = await sweepStaleResources({ embeddedRoot: root });
    expect(report.directories).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(unlabelled)).toBe(true);
  });

  it('stops the orphaned postgres of a SIGKILLed run, then removes its directory', async () => {
    const script = join(scratch, 'embedded.mts');
    writeFileSync(script, `
      import { startEmbeddedPostgres } from '${ROOT}/harness/db/embedded-postgres.ts';
      const cluster = await startEmbeddedPostgres({ runId: 'sweep${process.pid}' });
      console.log(cluster.adminUrl);
      setInterval(() => {}, 1000);
    `);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((r) => child.on('exit', r));
    const line = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
    expect(line.done).toBe(false);
    const { EMBEDDED_ROOT } = await import('../harness/db/embedded-postgres.ts');
    const dir = join(EMBEDDED_ROOT, `pg-sweep${process.pid}-${child.pid}`);
    const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    child.kill('SIGKILL');
    await exited;
    try {
      expect(isAlive(postmaster)).toBe(true); // what a killed run leaves behind

      const report = await sweepStaleResources();
      expect(report.directories).toContain(dir);
      expect(existsSync(dir)).toBe(false);
      expect(isAlive(postmaster)).toBe(false);
    } finally {
      if (isAlive(postmaster)) process.kill(postmaster, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
