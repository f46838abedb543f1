import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.ts';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('createProgress', () => {
  it('prints one plain line per step without a TTY', () => {
    const { stream, text } = capture();
    const progress = createProgress({ total: 12, label: 'matrix', stream, tty: false });
    progress.tick('concurrent-burst [naive/no-key]', 'fail (expected)');
    progress.tick('concurrent-burst [idempotent/no-key]');
    progress.stop();
    expect(text()).toBe('[ 1/12] matrix: concurrent-burst [naive/no-key] — fail (expected)\n[ 2/12] matrix: concurrent-burst [idempotent/no-key]\n');
  });

  it('draws a bar on a TTY and stops it once', () => {
    const { stream, text } = capture();
    Object.assign(stream, { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    {
      using progress = createProgress({ total: 2, label: 'gate', stream });
      progress.tick('rapid-clicks', 'pass');
      progress.tick('network-failure', 'pass');
      progress.stop();
    }
    expect(text()).toContain('gate [');
    expect(text()).toContain('2/2');
  });

  it('draws a live bar under the run bar on a TTY, and offers no live bar without one', () => {
    const { stream, text } = capture();
    Object.assign(stream, { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, clearScreenDown: () => true });
    const progress = createProgress({ total: 1, label: 'run', stream });
    const sink = progress.sink();
    expect(sink.live).toBeDefined();
    sink.live!.update(3_000, 6_000, 'load 3s/6s · 10.0 arrivals/s');
    sink('a message above the bars');
    sink.live!.end();
    progress.tick('sustained-load [idempotent/fixed]', 'pass');
    progress.stop();
    expect(text()).toContain('load 3s/6s · 10.0 arrivals/s');
    expect(text()).toContain('a message above the bars');
    expect(text()).toContain('1/1');

    const plain = capture();
    const quiet = createProgress({ total: 1, label: 'run', stream: plain.stream, tty: false });
    expect(quiet.sink().live).toBeUndefined();
    quiet.sink()('a plain line');
    expect(plain.text()).toBe('a plain line\n');
  });
});
