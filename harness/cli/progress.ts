import cliProgress from 'cli-progress';

// Progress of a run: a bar (cli-progress) on a terminal; without one (CI, pipes, files) one
// plain line per finished step, so logs stay readable and grep-able. Always on stderr, because
// stdout may carry --json or bench lines.

export interface ProgressOptions {
  total: number;
  label: string;
  /** Where to draw (process.stderr by default). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Force the bar (true) or plain lines (false); by default the stream's isTTY decides. */
  tty?: boolean;
}

export interface Progress extends Disposable {
  /** One step finished: e.g. tick('concurrent-burst [idempotent/no-key]', 'pass'). */
  tick(step: string, status?: string): void;
  /** A plain message that must not be torn by the bar. */
  log(line: string): void;
  stop(): void;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean(stream.isTTY);
  const total = Math.max(0, options.total);
  let done = 0;
  let stopped = false;

  if (!tty) {
    const width = String(total).length;
    return {
      tick(step, status) {
        done++;
        stream.write(`[${String(done).padStart(width)}/${total}] ${options.label}: ${step}${status ? ` — ${status}` : ''}\n`);
      },
      log: (line) => void stream.write(`${line}\n`),
      stop() {},
      [Symbol.dispose]() {},
    };
  }

  const bar = new cliProgress.SingleBar(
    { format: `${options.label} [{bar}] {value}/{total} {step}`, stream: stream as NodeJS.WritableStream, hideCursor: true, clearOnComplete: false, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { step: '' });
  const stop = () => {
    if (stopped) return;
    stopped = true;
    bar.stop();
  };
  return {
    tick(step, status) {
      done++;
      bar.update(done, { step: status ? `${step} — ${status}` : step });
    },
    log(line) {
      // cli-progress redraws on the next update; clear the line so the message stands alone.
      stream.write(`\r\x1b[2K${line}\n`);
      bar.render();
    },
    stop,
    [Symbol.dispose]: stop,
  };
}
