// Last-resort clean-up when the harness process exits without running its orderly shutdown
// (a forced second Ctrl-C, an uncaught exception, process.exit from a library): process groups
// we spawned are SIGKILLed and directories we created are removed, synchronously, from the
// 'exit' event. The orderly path (AsyncDisposable handles) unregisters what it released.
//
// A SIGKILL of the harness runs nothing at all, so the live process groups are also written to a
// labelled file (`procs-<harness pid>.json` beside the embedded data directories): the next run's
// sweep kills the groups of a harness that is gone (harness/db/sweep.ts).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { THIS_PROCESS } from './process-identity.ts';

export const GUARD_ROOT = join(tmpdir(), 'exactly-one');
const ledgerFile = join(GUARD_ROOT, `procs-${process.pid}.json`);

export interface GuardedGroup {
  pgid: number;
  /** The leader's command line when it started, to tell a reused pid from ours. */
  cmdline: string;
}

const groups = new Map<number, GuardedGroup>();
const directories = new Set<string>();
let installed = false;

function onExit(): void {
  for (const pgid of groups.keys()) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
  rmSync(ledgerFile, { force: true });
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
}

function persist(): void {
  try {
    if (groups.size === 0) {
      rmSync(ledgerFile, { force: true });
      return;
    }
    mkdirSync(GUARD_ROOT, { recursive: true });
    writeFileSync(ledgerFile, JSON.stringify({ pid: process.pid, startTime: THIS_PROCESS.startTime, groups: [...groups.values()] }));
  } catch {
    // The file only helps a later sweep; never fail a run for it.
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** Kill this process group if we exit before it was stopped. Returns the unregister function. */
export function guardProcessGroup(pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  install();
  groups.set(pid, { pgid: pid, cmdline: commandLine(pid) });
  persist();
  return () => {
    groups.delete(pid);
    persist();
  };
}

/** Remove this directory if we exit before it was removed. Returns the unregister function. */
export function guardDirectory(path: string): () => void {
  install();
  directories.add(path);
  return () => directories.delete(path);
}

/** The guarded groups another harness process recorded, by its pid (read by the sweep). */
export function readGuardFile(path: string): { pid: number; startTime?: string | null; groups: GuardedGroup[] } | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { pid: number; startTime?: string | null; groups: GuardedGroup[] };
  } catch {
    return null;
  }
}
