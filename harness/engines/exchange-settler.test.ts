import { describe, expect, it, vi } from 'vitest';
import { ExchangeSettler } from './exchange-settler.ts';

describe('ExchangeSettler', () => {
  it('settles once: the first outcome wins and later ones are ignored', async () => {
    const cancel = vi.fn();
    const settler = new ExchangeSettler({ timeoutMs: 60_000 }, cancel);
    settler.markSent();
    settler.answer(200, { 'x-arrival-ns': '5' }, Buffer.from('ok'));
    settler.fail('ECONNRESET');
    const response = await settler.done;
    expect(response).toMatchObject({ status: 200, body: 'ok', arrivalNs: 5n });
    expect(response.sendNs).toBeGreaterThan(0n);
    expect(cancel).not.toHaveBeenCalled();
  });

  it('times out with info/timeout and tears the transport down', async () => {
    vi.useFakeTimers();
    try {
      const cancel = vi.fn();
      const settler = new ExchangeSettler({ timeoutMs: 1_000 }, cancel);
      vi.advanceTimersByTime(1_000);
      await expect(settler.done).resolves.toMatchObject({ error: 'timeout', sendNs: 0n });
      expect(cancel).toHaveBeenCalledWith('timeout');
    } finally {
      vi.useRealTimers();
    }
  });

  it('aborts abortAfterSendMs after the send, not before', async () => {
    vi.useFakeTimers();
    try {
      const cancel = vi.fn();
      const settler = new ExchangeSettler({ timeoutMs: 60_000, abortAfterSendMs: 100 }, cancel);
      vi.advanceTimersByTime(500);
      expect(settler.settled).toBe(false);
      settler.markSent();
      vi.advanceTimersByTime(100);
      await expect(settler.done).resolves.toMatchObject({ error: 'aborted' });
      expect(cancel).toHaveBeenCalledWith('aborted');
    } finally {
      vi.useRealTimers();
    }
  });

  it("follows the caller's signal, already aborted or aborted later, and then lets go of it", async () => {
    const early = new ExchangeSettler({ timeoutMs: 60_000, signal: AbortSignal.abort() }, () => {});
    await expect(early.done).resolves.toMatchObject({ error: 'aborted' });
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const late = new ExchangeSettler({ timeoutMs: 60_000, signal: controller.signal }, () => {});
    controller.abort();
    await expect(late.done).resolves.toMatchObject({ error: 'aborted' });
    expect(remove).toHaveBeenCalled();
  });
});
