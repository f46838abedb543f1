import { describe, expect, it } from 'vitest';
import { canSplit, EngineRequestError, requestBytes, validateRequest } from './request-wire.ts';

describe('request wire format', () => {
  it('writes an HTTP/1.1 request with our own framing headers', () => {
    const request = { url: 'http://127.0.0.1:8080/api/x?y=1', method: 'POST' as const, headers: { Authorization: 'Bearer t', 'Content-Length': '999', Host: 'evil' }, body: 'é' };
    const wire = requestBytes(request, validateRequest(request)).toString('latin1');
    expect(wire).toBe('POST /api/x?y=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer t\r\nContent-Length: 2\r\nConnection: close\r\n\r\n\xc3\xa9');
  });

  it('sends Content-Length: 0 for an empty POST and none for a GET', () => {
    const post = { url: 'http://h/', method: 'POST' as const, headers: {} };
    const get = { url: 'http://h/', method: 'GET' as const, headers: {} };
    expect(requestBytes(post, validateRequest(post)).toString()).toContain('Content-Length: 0\r\n');
    expect(requestBytes(get, validateRequest(get)).toString()).not.toContain('Content-Length');
  });

  it('refuses header injection, relative URLs and other protocols', () => {
    expect(() => validateRequest({ url: 'http://h/', method: 'GET', headers: { a: 'b\r\nc: d' } })).toThrow(EngineRequestError);
    expect(() => validateRequest({ url: 'http://h/', method: 'GET', headers: { 'a b': 'c' } })).toThrow(EngineRequestError);
    expect(() => validateRequest({ url: '/relative', method: 'GET', headers: {} })).toThrow(EngineRequestError);
    expect(() => validateRequest({ url: 'file:///etc/passwd', method: 'GET', headers: {} })).toThrow(EngineRequestError);
  });

  it('splits only plain-text connections', () => {
    expect(canSplit(new URL('http://h/'))).toBe(true);
    expect(canSplit(new URL('https://h/'))).toBe(false);
  });
});
