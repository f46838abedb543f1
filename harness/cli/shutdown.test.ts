import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { InterruptedError, createShutdown } from './shutdown.ts';

describe('createShutdown', () => {
  it('runs cleanups once, last registered first, past a failing one; unregistered ones are skipped', async () => {
    const order: string[] = [];
    const logs: string[] = [];
    const shutdown = createShutdown({ signals: new EventEmitter(), log: (l) => logs.push(l) });
    shutdown.onShutdown(() => order.push('first'));
    const off = shutdown.onShutdown(() => order.push('released already'));
    shutdown.onShutdown(() => {
      throw new Error('port busy');
    });
    shutdown.onShutdown(async () => order.push('last'));
    off();
    await shutdown.cleanup();
    await shutdown.cleanup();
    expect(order).toEqual(['last', 'first']);
    expect(logs).toEqual(['cleanup failed: port busy']);
  });

  it('first signal aborts with InterruptedError, second forces exit 130; disposal removes the listeners', async () => {
    const signals = new EventEmitter();
    const forced: number[] = [];
    const shutdown = createShutdown({ signals, forceExit: (c) => forced.push(c), log: () => {}, duplicateSignalMs: 0 });
    signals.emit('SIGTERM', 'SIGTERM');
    expect(shutdown.signal.aborted).toBe(true);
    expect(await shutdown.aborted).toBeInstanceOf(InterruptedError);
    expect(forced).toEqual([]);
    signals.emit('SIGINT', 'SIGINT');
    expect(forced).toEqual([130]);
    await shutdown[Symbol.asyncDispose]();
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('ignores the same Ctrl-C forwarded again by npm or tsx within a moment', async () => {
    const signals = new EventEmitter();
    const forced: number[] = [];
    await using shutdown = createShutdown({ signals, forceExit: (c) => forced.push(c), log: () => {}, duplicateSignalMs: 60_000 });
    signals.emit('SIGINT', 'SIGINT');
    signals.emit('SIGINT', 'SIGINT');
    expect(shutdown.signal.aborted).toBe(true);
    expect(forced).toEqual([]);
  });
});
