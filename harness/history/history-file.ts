// history.jsonl of a run: one line per completed operation, appended through a stream so that
// thousands of operations never sit in memory waiting to be written.
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import type { HistorySink } from './history-recorder.ts';

export interface HistoryFile extends HistorySink, AsyncDisposable {
  readonly path: string;
  /** Resolves once everything written so far has been handed to the OS. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function openHistoryFile(path: string): HistoryFile {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path, { flags: 'a' });
  let failure: Error | null = null;
  stream.on('error', (error) => {
    failure = error;
  });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (!stream.closed) {
        const closed = once(stream, 'close');
        stream.end();
        await closed;
      }
      if (failure !== null) throw failure;
    })();
    return closing;
  };
  return {
    path,
    write(line) {
      if (failure !== null) throw failure;
      return stream.write(line);
    },
    async flush() {
      if (failure !== null) throw failure;
      if (stream.writableNeedDrain) await once(stream, 'drain');
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
