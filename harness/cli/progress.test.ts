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
});
