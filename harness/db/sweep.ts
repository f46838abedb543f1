import { existsSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { DATABASE_PREFIX, dropDatabaseForce, withAdminClient } from './database-admin.ts';
import { CONTAINER_LABELS } from './container-postgres.ts';
import { readGuardFile } from '../processes/exit-guard.ts';
import { isAlive, ownerIsLive } from '../processes/process-identity.ts';
import { EMBEDDED_ROOT } from './embedded-postgres.ts';

// What a killed earlier run left behind (SIGKILL, a power cut, a CI job cancelled): labelled
// databases on a `url` server, labelled containers, and embedded data directories with their
// postgres maybe still running. A resource is stale only when its owner was on this host and
// its pid is dead, so a concurrent live run — ours or another user's — is never touched.

export interface SweepOptions {
  /** The url provider's server: drop its stale exactly1_* databases. */
  databaseUrl?: string;
  /** Remove stale labelled containers (when a Docker engine answers; skipped otherwise). */
  containers?: boolean;
  /** Where embedded clusters live (default os.tmpdir()/exactly-one); false to skip. */
  embeddedRoot?: string | false;
  log?: (line: string) => void;
}

export interface SweepReport {
  databases: string[];
  containers: string[];
  directories: string[];
  /** Process groups (targets, fake Twilio) of a harness that was killed before it could stop them. */
  processes?: number[];
  /** Chromium profile folders (and their browsers) of a harness that was killed. */
  profiles?: string[];
}

export async function sweepStaleResources(options: SweepOptions = {}): Promise<SweepReport> {
  const log = options.log ?? (() => {});
  const report: SweepReport = { databases: [], containers: [], directories: [] };
  if (options.databaseUrl) report.databases = await sweepStaleDatabases(options.databaseUrl, log);
  if (options.containers) report.containers = await sweepStaleContainers(log);
  if (options.embeddedRoot !== false) {
    report.directories = await sweepStaleDataDirectories(options.embeddedRoot || EMBEDDED_ROOT, log);
    report.processes = sweepStaleProcessGroups(options.embeddedRoot || EMBEDDED_ROOT, log);
  }
  report.profiles = sweepStaleBrowserProfiles(tmpdir(), log);
  return report;
}

export { isAlive };

function ownerIsDeadHere(owner: { pid?: unknown; host?: unknown; startTime?: unknown }): boolean {
  if (owner.host !== undefined && owner.host !== hostname()) return false;
  return !ownerIsLive(owner);
}

export async function sweepStaleDatabases(adminUrl: string, log: (line: string) => void): Promise<string[]> {
  const rows = await withAdminClient(adminUrl, async (client) => {
    const result = await client.query<{ datname: string; comment: string | null }>(
      `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE starts_with(datname, $1)`,
      [DATABASE_PREFIX],
    );
    return result.rows;
  });
  const dropped: string[] = [];
  for (const row of rows) {
    let owner: { pid?: unknown; host?: unknown } | undefined;
    try {
      owner = (JSON.parse(row.comment ?? '') as { exactlyOne?: typeof owner }).exactlyOne;
    } catch {
      owner = undefined;
    }
    // Unlabelled (a crash between CREATE and COMMENT, or not ours): leave it, say so.
    if (!owner) {
      log(`sweep: ${row.datname} has no exactly-one label; left alone`);
      continue;
    }
    // A url server may be shared between machines: only a label naming this host can be judged here.
    if (owner.host === undefined) {
      log(`sweep: ${row.datname} names no host; left alone`);
      continue;
    }
    if (!ownerIsDeadHere(owner)) continue;
    await dropDatabaseForce(adminUrl, row.datname);
    log(`sweep: dropped database ${row.datname} of dead pid ${String(owner.pid)}`);
    dropped.push(row.datname);
  }
  return dropped;
}

export async function sweepStaleContainers(log: (line: string) => void): Promise<string[]> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const { getContainerRuntimeClient } = await import('testcontainers');
  let client: Awaited<ReturnType<typeof getContainerRuntimeClient>>;
  try {
    client = await getContainerRuntimeClient();
  } catch {
    return []; // no engine, so nothing of ours can be running in one
  }
  const removed: string[] = [];
  for (const info of await client.container.list()) {
    const labels = info.Labels ?? {};
    if (!labels[CONTAINER_LABELS.run]) continue;
    if (!ownerIsDeadHere({ pid: labels[CONTAINER_LABELS.pid], host: labels[CONTAINER_LABELS.host] })) continue;
    await client.container.getById(info.Id).remove({ force: true, v: true });
    log(`sweep: removed container ${info.Id.slice(0, 12)} of run ${labels[CONTAINER_LABELS.run]}`);
    removed.push(info.Id);
  }
  return removed;
}

export async function sweepStaleDataDirectories(root: string, log: (line: string) => void): Promise<string[]> {
  if (!existsSync(root)) return [];
  const removed: string[] = [];
  for (const entry of readdirSync(root)) {
    if (!entry.startsWith('pg-')) continue;
    const dir = join(root, entry);
    let owner: { pid?: unknown; host?: unknown };
    try {
      owner = JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as typeof owner;
    } catch {
      log(`sweep: ${dir} has no readable owner.json; left alone`);
      continue;
    }
    if (!ownerIsDeadHere(owner)) continue;
    await stopOrphanedPostmaster(join(dir, 'data'), log);
    rmSync(dir, { recursive: true, force: true });
    log(`sweep: removed data directory ${dir} of dead pid ${String(owner.pid)}`);
    removed.push(dir);
  }
  return removed;
}

/** A postgres whose parent run was killed keeps running from its data directory: stop it first. */
async function stopOrphanedPostmaster(dataDir: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!isAlive(pid) || !isPostgresOf(pid, dataDir)) return;
  // SIGQUIT = immediate shutdown: the data is throw-away, and it ends every backend at once.
  process.kill(pid, 'SIGQUIT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await delay(50);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && isAlive(pid); i++) await delay(50);
  log(`sweep: stopped orphaned postgres ${pid} of ${dataDir}`);
}

/** The pid may have been reused since: only signal it if it is a postgres of that directory. */
function isPostgresOf(pid: number, dataDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('postgres') && cmdline.includes(dataDir);
  } catch {
    // No /proc (macOS): trust postmaster.pid, as pg_ctl itself does.
    return true;
  }
}

/** Targets and fake Twilios outlive a SIGKILLed harness (their own process groups): kill them. */
export function sweepStaleProcessGroups(root: string, log: (line: string) => void): number[] {
  if (!existsSync(root)) return [];
  const killed: number[] = [];
  for (const entry of readdirSync(root)) {
    const match = /^procs-(\d+)\.json$/.exec(entry);
    if (!match) continue;
    const file = join(root, entry);
    const guard = readGuardFile(file);
    if (ownerIsLive({ pid: Number(match[1]), startTime: guard?.startTime })) continue;
    for (const group of guard?.groups ?? []) {
      if (!isAlive(group.pgid) || !sameCommand(group.pgid, group.cmdline)) continue;
      try {
        process.kill(-group.pgid, 'SIGKILL');
        killed.push(group.pgid);
        log(`sweep: killed process group ${group.pgid} (${group.cmdline.slice(0, 80)}) of dead harness ${match[1]}`);
      } catch {
        // gone meanwhile
      }
    }
    rmSync(file, { force: true });
  }
  return killed;
}

function sameCommand(pid: number, cmdline: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() === cmdline;
  } catch {
    // No /proc (macOS): the recorded pid is all we have.
    return cmdline === '';
  }
}

/** Where each Chromium profile of ours records who owns it (launch-chromium.ts writes it). */
export const PROFILE_OWNER_FILE = 'exactly-one-owner.json';

/**
 * Chromium profiles (`exactly-one-chromium-*` in the temporary directory) of a harness that is
 * gone: its browser is killed and the folder removed. A profile without an owner file is left
 * alone, as is one whose owner still runs (a concurrent run on this machine).
 */
export function sweepStaleBrowserProfiles(root: string, log: (line: string) => void): string[] {
  if (!existsSync(root)) return [];
  const removed: string[] = [];
  for (const entry of readdirSync(root)) {
    if (!entry.startsWith('exactly-one-chromium-')) continue;
    const dir = join(root, entry);
    let owner: { pid?: unknown; startTime?: unknown; host?: unknown };
    try {
      owner = JSON.parse(readFileSync(join(dir, PROFILE_OWNER_FILE), 'utf8')) as typeof owner;
    } catch {
      continue;
    }
    if (!ownerIsDeadHere(owner)) continue;
    for (const pid of processesUsing(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    removeSingletonFolder(root, dir);
    rmSync(dir, { recursive: true, force: true });
    log(`sweep: removed Chromium profile ${dir} of dead pid ${String(owner.pid)}`);
    removed.push(dir);
  }
  return removed;
}

/**
 * Chromium keeps its single-instance socket in a folder of its own in the temporary directory
 * (`org.chromium.Chromium.*`), pointed at by the profile's `SingletonSocket` link; a killed browser
 * leaves it behind. Only the folder that this profile's link names is removed.
 */
function removeSingletonFolder(root: string, profileDir: string): void {
  let target: string;
  try {
    target = readlinkSync(join(profileDir, 'SingletonSocket'));
  } catch {
    return;
  }
  const folder = dirname(target);
  if (dirname(folder) === root && basename(folder).startsWith('org.chromium.Chromium.')) rmSync(folder, { recursive: true, force: true });
}

function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return pids;
  }
  for (const pid of entries) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--user-data-dir=${dir}`)) pids.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
