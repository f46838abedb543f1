import { readFileSync } from 'node:fs';

// Who owns a resource: a pid and its start time. A pid alone is not an identity — the OS reuses
// them, and a sweep that trusted it could kill or delete a concurrent live run's resources.

export interface ProcessIdentity {
  pid: number;
  /** The kernel's start time of the process (clock ticks since boot); null where /proc is absent. */
  startTime: string | null;
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command, which may contain spaces). */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const THIS_PROCESS: ProcessIdentity = { pid: process.pid, startTime: processStartTime(process.pid) };

/** The owner still runs: its pid is alive and, where both are known, it started when the owner did. */
export function ownerIsLive(owner: { pid?: unknown; startTime?: unknown }): boolean {
  const pid = Number(owner.pid);
  if (!isAlive(pid)) return false;
  if (typeof owner.startTime !== 'string') return true;
  const now = processStartTime(pid);
  return now === null || now === owner.startTime;
}
