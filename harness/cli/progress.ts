import cliProgress from 'cli-progress';

// Progress of a run: bars (cli-progress) on a terminal; without one (CI, pipes, files) one plain
// line per finished step, so logs stay readable and grep-able. Always on stderr, because stdout
// may carry --json or bench lines.
//
// A long step (a sustained-load run) can draw a second, live bar under the run's bar on a
// terminal: `sink().live` is there only then, so a driver that finds it absent prints its own
// plain line every few seconds instead.

export interface ProgressOptions {
  total: number;
  label: string;
  /** Where to draw (process.stderr by default). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Force the bars (true) or plain lines (false); by default the stream's isTTY decides. */
  tty?: boolean;
}

/** A live bar for one long step: value of total (e.g. elapsed ms of the profile) and a status text. */
export interface LiveStatus {
  update(value: number, total: number, text: string): void;
  /** Removes the live bar (the step ended); a later update draws it again. */
  end(): void;
}

/** What a cell's drivers are given to report with: plain lines, and a live bar on a terminal. */
export type ProgressSink = ((line: string) => void) & { live?: LiveStatus };

export interface Progress extends Disposable {
  /** One step finished: e.g. tick('concurrent-burst [idempotent/no-key]', 'pass'). */
  tick(step: string, status?: string): void;
  /** A plain message that must not be torn by the bars. */
  log(line: string): void;
  /** The message function for the cells, with `live` when bars are drawn. */
  sink(): ProgressSink;
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
    const log = (line: string) => void stream.write(`${line}\n`);
    return {
      tick(step, status) {
        done++;
        stream.write(`[${String(done).padStart(width)}/${total}] ${options.label}: ${step}${status ? ` — ${status}` : ''}\n`);
      },
      log,
      sink: () => log,
      stop() {},
      [Symbol.dispose]() {},
    };
  }

  // forceRedraw: a logged line is written over the bars' place, and cli-progress redraws only the
  // bars whose text changed — without it the run's bar vanished under a live bar's log lines.
  const bars = new cliProgress.MultiBar(
    { stream: stream as NodeJS.WritableStream, hideCursor: true, clearOnComplete: false, noTTYOutput: false, autopadding: true, forceRedraw: true },
    cliProgress.Presets.shades_classic,
  );
  const main = bars.create(total, 0, { step: '' }, { format: `${options.label} [{bar}] {value}/{total} {step}` });
  let liveBar: cliProgress.SingleBar | null = null;
  const live: LiveStatus = {
    update(value, liveTotal, text) {
      if (stopped) return;
      const bounded = Math.max(0, Math.min(value, liveTotal));
      if (!liveBar) liveBar = bars.create(liveTotal, bounded, { text }, { format: `  [{bar}] {text}` });
      else {
        liveBar.setTotal(liveTotal);
        liveBar.update(bounded, { text });
      }
    },
    end() {
      if (!liveBar) return;
      bars.remove(liveBar);
      liveBar = null;
    },
  };
  const log = (line: string) => {
    if (stopped) {
      stream.write(`${line}\n`);
      return;
    }
    // The multibar writes logged lines above the bars on its next redraw; force one now.
    bars.log(`${line}\n`);
    bars.update();
  };
  const sink: ProgressSink = Object.assign((line: string) => log(line), { live });
  const stop = () => {
    if (stopped) return;
    live.end();
    stopped = true;
    bars.stop();
  };
  return {
    tick(step, status) {
      done++;
      main.update(done, { step: status ? `${step} — ${status}` : step });
    },
    log,
    sink: () => sink,
    stop,
    [Symbol.dispose]: stop,
  };
}
