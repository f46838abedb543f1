import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { guardProcessGroup } from './exit-guard.ts';

// A child process the harness owns (the fake Twilio, target instances): its own process group
// so a signal reaches everything it spawned; readiness by a printed line and/or a health URL,
// with early-exit detection; output captured to a log file; a shutdown ladder SIGTERM → SIGKILL.

export interface ChildProcessOptions {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Appends stdout and stderr here. */
  logFile?: string;
  /** Ready when a line of stdout matches. Its match is exposed as `readyMatch`. */
  readyLine?: RegExp;
  /** Ready when GET answers 2xx (checked after readyLine, if both are given). */
  readyUrl?: string | ((match: RegExpMatchArray | null) => string);
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartedProcess extends AsyncDisposable {
  readonly name: string;
  readonly pid: number;
  readonly readyMatch: RegExpMatchArray | null;
  readonly exited: Promise<ProcessExit>;
  isRunning(): boolean;
  /** The last 64 KiB of output. */
  output(): string;
  /** Sends a signal to the whole process group and waits for the exit (SIGKILL by default). */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
  /** SIGTERM, wait `graceMs`, then SIGKILL. */
  stop(graceMs?: number): Promise<ProcessExit>;
}

export class ChildProcessError extends Error {
  readonly code = 'E_CHILD_PROCESS';
  constructor(message: string, readonly output: string) {
    super(message);
  }
}

const OUTPUT_LIMIT = 64 * 1024;

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

async function waitForUrl(url: string, until: Promise<unknown>, deadline: number): Promise<void> {
  let settled = false;
  void until.finally(() => (settled = true));
  while (!settled && Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(50);
  }
  if (!settled) throw new Error(`${url} did not answer 2xx in time`);
}

export async function startChildProcess(options: ChildProcessOptions): Promise<StartedProcess> {
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let log: WriteStream | undefined;
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    log = createWriteStream(options.logFile, { flags: 'a' });
  }
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const unguard = guardProcessGroup(child.pid);
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
    log?.write(chunk);
  };
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      append(Buffer.from(`\n[spawn error] ${error.message}\n`));
      resolve({ code: null, signal: null });
    });
  });
  void exited.then(() => {
    log?.end();
    unguard();
  });

  let readyMatch: RegExpMatchArray | null = null;
  let pending = '';
  const lineReady = new Promise<void>((resolve) => {
    if (!options.readyLine) return resolve();
    child.stdout!.on('data', (chunk: Buffer) => {
      if (readyMatch) return;
      pending += chunk.toString();
      const match = pending.match(options.readyLine!);
      if (match) {
        readyMatch = match;
        pending = '';
        resolve();
      } else {
        pending = pending.slice(-4096);
      }
    });
  });
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);

  const handle: StartedProcess = {
    name: options.name,
    pid: child.pid ?? -1,
    get readyMatch() {
      return readyMatch;
    },
    exited,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (handle.isRunning()) signalGroup(child, signal);
      return exited;
    },
    async stop(graceMs = 5_000) {
      if (!handle.isRunning()) return exited;
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      // Anything the child spawned into its group and left behind goes too.
      signalGroup(child, 'SIGKILL');
      return result;
    },
    [Symbol.asyncDispose]: () => handle.stop().then(() => undefined),
  };

  const deadline = Date.now() + timeoutMs;
  const earlyExit = exited.then((exit) => {
    throw new ChildProcessError(
      `${options.name} exited before it was ready (code ${exit.code}, signal ${exit.signal})`,
      output,
    );
  });
  const abort = new Promise<never>((_, reject) => {
    options.signal?.addEventListener('abort', () => reject(options.signal!.reason ?? new Error('aborted')), { once: true });
  });
  const timeout = delay(timeoutMs, undefined, { ref: false }).then(() => {
    throw new ChildProcessError(`${options.name} was not ready after ${timeoutMs} ms`, output);
  });
  try {
    await Promise.race([
      (async () => {
        await lineReady;
        if (options.readyUrl) {
          const url = typeof options.readyUrl === 'function' ? options.readyUrl(readyMatch) : options.readyUrl;
          await waitForUrl(url, exited, deadline);
        }
      })(),
      earlyExit,
      timeout,
      abort,
    ]);
  } catch (error) {
    await handle.stop(1_000);
    throw error;
  }
  return handle;
}
