// Last-resort clean-up when the harness process exits without running its orderly shutdown
// (a forced second Ctrl-C, an uncaught exception, process.exit from a library): process groups
// we spawned are SIGKILLed and directories we created are removed, synchronously, from the
// 'exit' event. The orderly path (AsyncDisposable handles) unregisters what it released.
import { rmSync } from 'node:fs';

const groups = new Set<number>();
const directories = new Set<string>();
let installed = false;

function onExit(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
}

/** Kill this process group if we exit before it was stopped. Returns the unregister function. */
export function guardProcessGroup(pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  install();
  groups.add(pid);
  return () => groups.delete(pid);
}

/** Remove this directory if we exit before it was removed. Returns the unregister function. */
export function guardDirectory(path: string): () => void {
  install();
  directories.add(path);
  return () => directories.delete(path);
}
