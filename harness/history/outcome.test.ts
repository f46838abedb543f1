import { describe, expect, it } from 'vitest';
import { classifyOutcome } from './outcome.ts';

describe('classifyOutcome', () => {
  it('2xx is ok and any other status is a known failure', () => {
    expect(classifyOutcome({ status: 200 })).toBe('ok');
    expect(classifyOutcome({ status: 204 })).toBe('ok');
    expect(classifyOutcome({ status: 199 })).toBe('fail');
    expect(classifyOutcome({ status: 409 })).toBe('fail');
    expect(classifyOutcome({ status: 503 })).toBe('fail');
  });

  it('no response is unknown (info): the server may have acted', () => {
    expect(classifyOutcome({ error: 'timeout' })).toBe('info');
    expect(classifyOutcome({ error: 'ECONNRESET' })).toBe('info');
    expect(classifyOutcome({ error: 'aborted' })).toBe('info');
    expect(classifyOutcome({ status: null })).toBe('info');
  });

  it('a request that provably never arrived is a known failure', () => {
    expect(classifyOutcome({ error: 'ECONNREFUSED' })).toBe('fail');
    expect(classifyOutcome({ error: 'socket closed before the request was written', sent: false })).toBe('fail');
    expect(classifyOutcome({ error: 'ECONNREFUSED', sent: true })).toBe('info');
  });
});
