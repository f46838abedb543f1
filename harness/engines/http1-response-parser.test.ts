import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Http1ResponseParser, ResponseParseError } from './http1-response-parser.ts';

function parse(wire: string | Buffer, splits: number[] = [], opts = { bodyCap: 1024, requestMethod: 'POST' }) {
  const bytes = typeof wire === 'string' ? Buffer.from(wire, 'latin1') : wire;
  const parser = new Http1ResponseParser(opts);
  let at = 0;
  let done = false;
  for (const cut of [...splits].sort((a, b) => a - b).concat(bytes.length)) {
    if (cut < at) continue;
    done = parser.push(bytes.subarray(at, cut));
    at = cut;
  }
  if (!done) done = parser.end();
  return { done, parser };
}

const contentLength = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 16\r\nX-Arrival-Ns: 123\r\n\r\n{"success":true}';
const chunked = 'HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\nSet-Cookie: a\r\nSet-Cookie: b\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n';

describe('Http1ResponseParser', () => {
  it('parses a Content-Length response with lower-cased headers', () => {
    const { done, parser } = parse(contentLength);
    expect(done).toBe(true);
    const r = parser.result();
    expect(r.status).toBe(200);
    expect(r.headers['x-arrival-ns']).toBe('123');
    expect(r.body.toString()).toBe('{"success":true}');
  });

  it('parses a chunked response, joins repeated headers and skips trailers', () => {
    const r = parse(chunked).parser.result();
    expect(r.status).toBe(409);
    expect(r.headers['set-cookie']).toBe('a, b');
    expect(r.body.toString()).toBe('hello world');
  });

  it('gives the same result however the bytes are split', () => {
    fc.assert(fc.property(fc.constantFrom(contentLength, chunked), fc.array(fc.nat(300), { maxLength: 20 }), (wire, splits) => {
      const whole = parse(wire).parser.result();
      const { done, parser } = parse(wire, splits.map((s) => s % (wire.length + 1)));
      expect(done).toBe(true);
      expect(parser.result()).toEqual(whole);
    }));
  });

  it('reads a body delimited by the end of the connection only once it ends', () => {
    const parser = new Http1ResponseParser({ bodyCap: 1024, requestMethod: 'GET' });
    expect(parser.push(Buffer.from('HTTP/1.0 200 OK\r\n\r\nabc'))).toBe(false);
    expect(parser.push(Buffer.from('def'))).toBe(false);
    expect(parser.end()).toBe(true);
    expect(parser.result().body.toString()).toBe('abcdef');
  });

  it('reports an incomplete Content-Length body as not complete at the end of the connection', () => {
    const parser = new Http1ResponseParser({ bodyCap: 1024, requestMethod: 'GET' });
    parser.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    expect(parser.end()).toBe(false);
    expect(() => parser.result()).toThrow(ResponseParseError);
  });

  it('has no body for HEAD, 204 and 304', () => {
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n').done).toBe(true);
    expect(parse('HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n').done).toBe(true);
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n', [], { bodyCap: 10, requestMethod: 'HEAD' }).done).toBe(true);
  });

  it('skips 1xx informational responses', () => {
    const r = parse('HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok').parser.result();
    expect(r.status).toBe(201);
    expect(r.headers.link).toBeUndefined();
  });

  it('caps the kept body but still reads it to the end', () => {
    const big = 'x'.repeat(5000);
    const { done, parser } = parse(`HTTP/1.1 200 OK\r\nContent-Length: ${big.length}\r\n\r\n${big}`, [100, 2000], { bodyCap: 1000, requestMethod: 'GET' });
    expect(done).toBe(true);
    expect(parser.result().body.length).toBe(1000);
  });

  it('rejects malformed responses', () => {
    expect(() => parse('HTTP/2 200\r\n\r\n')).toThrow(ResponseParseError);
    expect(() => parse('HTTP/1.1 200 OK\r\nno-colon\r\n\r\n')).toThrow(ResponseParseError);
    expect(() => parse('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n')).toThrow(ResponseParseError);
    expect(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).toThrow(ResponseParseError);
  });
});
