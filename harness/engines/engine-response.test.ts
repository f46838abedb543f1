import { describe, expect, it } from 'vitest';
import { answered, arrivalNsFrom, CappedBody, errorName, spreadMs, unanswered } from './engine-response.ts';

describe('engine responses', () => {
  const times = { invokeNs: 10n, sendNs: 20n };

  it('classifies 2xx as ok, other statuses as fail, and no response as info', () => {
    expect(answered(times, 201, {}, Buffer.from('x'))).toMatchObject({ status: 201, body: 'x', error: null });
    expect(answered(times, 409, {}, Buffer.alloc(0))).not.toHaveProperty('outcome');
    expect(unanswered(times, 'timeout')).toMatchObject({ status: null, body: null, error: 'timeout', arrivalNs: null });
  });

  it('reads X-Arrival-Ns only when it is a decimal hrtime', () => {
    expect(answered(times, 200, { 'x-arrival-ns': '123456789012345' }, Buffer.alloc(0)).arrivalNs).toBe(123456789012345n);
    expect(arrivalNsFrom(undefined)).toBeNull();
    expect(arrivalNsFrom('1.5')).toBeNull();
    expect(arrivalNsFrom('-3')).toBeNull();
  });

  it('names errors by their code, a closed undici socket as ECONNRESET', () => {
    expect(errorName(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(errorName(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))).toBe('ECONNRESET');
    expect(errorName(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'EPIPE' }) }))).toBe('EPIPE');
    expect(errorName('weird')).toBe('weird');
  });

  it('measures a spread as max − min in ms', () => {
    expect(spreadMs([])).toBeNull();
    expect(spreadMs([5n])).toBe(0);
    expect(spreadMs([3_000_000n, 1_000_000n, 1_500_000n])).toBe(2);
  });

  it('keeps at most the cap of a streamed body', () => {
    const body = new CappedBody(5);
    body.add(Buffer.from('abc'));
    body.add(Buffer.from('defg'));
    body.add(Buffer.from('h'));
    expect(body.toBuffer().toString()).toBe('abcde');
  });
});
