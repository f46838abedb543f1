// Held arrivals against a real node:http server on loopback: the server cannot act on a request
// until its final byte is released, releases reach it in the order given, and answers are decoded.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdArrival, parseResponse, HeldArrivalError } from './held-arrival.ts';

let server: Server;
let base: string;
const acted: string[] = [];

beforeAll(async () => {
  // Acts (records the business) only once the whole body is in, as an app's body parser does.
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const name = req.method === 'GET' ? `GET ${req.url}` : (JSON.parse(body) as { name: string }).name;
      acted.push(name);
      if (req.url?.startsWith('/chunked')) {
        res.write('hello, ');
        res.end('world');
      } else res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ name }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const onboard = (name: string) => ({ url: `${base}/onboard`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });

describe('held arrivals', () => {
  it('the target acts on a request only after its final byte is released, in release order', async () => {
    acted.length = 0;
    await using a = await holdArrival(onboard('a'));
    await using b = await holdArrival(onboard('b'));
    // A request sent whole on a third connection is answered while a and b are still held.
    await using c = await holdArrival(onboard('c'));
    c.release();
    expect((await c.response).status).toBe(201);
    expect(acted).toEqual(['c']);
    expect([a.state, b.state]).toEqual(['held', 'held']);
    b.release();
    expect(JSON.parse((await b.response).body)).toEqual({ name: 'b' });
    a.release();
    await a.response;
    expect(acted).toEqual(['c', 'b', 'a']);
    expect(a.state).toBe('answered');
    expect(() => a.release()).toThrow(HeldArrivalError);
  });

  it('a request without a body is held at the last byte of its head', async () => {
    acted.length = 0;
    await using g = await holdArrival({ url: `${base}/chunked?x=1`, method: 'GET' });
    await using c = await holdArrival(onboard('c'));
    c.release();
    await c.response;
    expect(acted).toEqual(['c']);
    g.release();
    expect(await g.response).toMatchObject({ status: 200, body: 'hello, world', headers: { 'transfer-encoding': 'chunked' } });
    expect(acted).toEqual(['c', 'GET /chunked?x=1']);
  });

  it('refuses what it cannot do, clearly', async () => {
    await expect(holdArrival({ url: 'https://127.0.0.1:1/', method: 'GET' })).rejects.toThrow(/plain HTTP\/1.1 only/);
    expect(() => parseResponse(Buffer.alloc(0))).toThrow(/closed without an answer/);
    expect(() => parseResponse(Buffer.from('SMTP ready\r\n\r\n'))).toThrow(/status line/);
  });
});
