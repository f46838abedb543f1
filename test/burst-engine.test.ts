// Black-box tests of the burst engine against real loopback servers made here. No timed
// assertions: concurrency is proven by a server that answers nobody until all N have arrived.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBurstEngine, EngineClosedError, EngineRequestError, type BurstEngine, type EngineRequest } from '../harness/engines/index.ts';
import { classifyOutcome } from '../harness/history/index.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

interface TestServer extends AsyncDisposable {
  url: string;
  /** Requests whose body has fully arrived, in order. */
  seen: { socket: number; method: string; path: string; body: string }[];
  /** Resolves once `n` requests have fully arrived. */
  arrived(n: number): Promise<void>;
}

async function startServer(handler: Handler): Promise<TestServer> {
  const seen: TestServer['seen'] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const socketIds = new WeakMap<object, number>();
  let sockets = 0;
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    let id = socketIds.get(req.socket);
    if (id === undefined) socketIds.set(req.socket, (id = ++sockets));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ socket: id, method: req.method!, path: req.url!, body });
      for (const w of waiters.filter((w) => seen.length >= w.n)) w.resolve();
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    arrived: (n) => (seen.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function stampArrival(res: http.ServerResponse): void {
  res.setHeader('X-Arrival-Ns', process.hrtime.bigint().toString());
}

function posts(url: string, n: number): EngineRequest[] {
  return Array.from({ length: n }, (_, i) => ({
    url: `${url}/api/businesses/b${i}/complete-onboarding`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
    body: JSON.stringify({ areaCode: '828', i }),
  }));
}

const engines: BurstEngine[] = [];
function engine(opts?: Parameters<typeof createBurstEngine>[0]): BurstEngine {
  const e = createBurstEngine(opts);
  engines.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

const methods = ['last-byte', 'warm', 'fetch', 'auto'] as const;

describe('burst engine: concurrency', () => {
  it.each(methods)('%s: a server that holds every request until all 50 arrived receives all 50, one per connection', async (method) => {
    const held: (() => void)[] = [];
    const N = 50;
    await using server = await startServer((_req, res, body) => {
      held.push(() => {
        stampArrival(res);
        res.end(JSON.stringify({ echo: JSON.parse(body) }));
      });
      // A sequential or pool-limited sender never gets here: it waits for a first response.
      if (held.length === N) for (const answer of held) answer();
    });
    // The timeout only turns a deadlock into a failed assertion instead of a hung test.
    const result = await engine({ method, timeoutMs: 20_000 }).burst(posts(server.url, N));
    expect(result.responses.map((r) => r.error)).toEqual(Array(N).fill(null));
    expect(result.responses.every((r) => r.status !== null && r.status < 300 && r.status === 200)).toBe(true);
    expect(result.method).toBe(method === 'auto' ? 'last-byte' : method);
    // Responses come back in request order, each with its own body.
    result.responses.forEach((r, i) => expect(JSON.parse(r.body!).echo.i).toBe(i));
    // Exactly once: N requests, each on its own connection.
    expect(server.seen).toHaveLength(N);
    expect(new Set(server.seen.map((s) => s.socket)).size).toBe(N);
    expect(result.arrivalSpreadMs).not.toBeNull();
    expect(result.sendSpreadMs).toBeGreaterThanOrEqual(0);
    for (const r of result.responses) {
      expect(r.sendNs).toBeGreaterThanOrEqual(r.invokeNs);
      expect(r.completeNs).toBeGreaterThanOrEqual(r.sendNs);
    }
  });

  it('the holding server does catch a sequential sender (control for the test above)', async () => {
    const held: (() => void)[] = [];
    await using server = await startServer((_req, res) => {
      held.push(() => res.end());
      if (held.length === 3) for (const answer of held) answer();
    });
    const e = engine({ timeoutMs: 200 });
    const first = await e.send(posts(server.url, 1)[0]!);
    expect([first.status, first.error]).toEqual([null, 'timeout']);
    expect(server.seen).toHaveLength(1);
  });

  it('sends a burst across several origins, one connection per request to its own origin', async () => {
    await using a = await startServer((_req, res) => res.end('a'));
    await using b = await startServer((_req, res) => res.end('b'));
    const requests = [...posts(a.url, 3), ...posts(b.url, 3)];
    for (const method of ['last-byte', 'warm'] as const) {
      const result = await engine({ method }).burst(requests);
      expect(result.responses.map((r) => r.body)).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
    }
    expect(a.seen).toHaveLength(6);
    expect(b.seen).toHaveLength(6);
  });
});

describe('burst engine: responses', () => {
  it.each(methods)('%s: parses Content-Length and chunked bodies, and GETs', async (method) => {
    await using server = await startServer((req, res) => {
      if (req.url!.startsWith('/chunked')) {
        res.statusCode = 409;
        res.write('{"code":');
        res.end('"ONBOARDING_IN_PROGRESS"}');
      } else {
        res.setHeader('content-length', '2');
        res.end('ok');
      }
    });
    const result = await engine({ method }).burst([
      { url: `${server.url}/chunked`, method: 'POST', headers: {}, body: 'x' },
      { url: `${server.url}/length`, method: 'GET', headers: {} },
    ]);
    const [chunked, length] = result.responses;
    expect(chunked).toMatchObject({ status: 409, body: '{"code":"ONBOARDING_IN_PROGRESS"}', error: null });
    expect(chunked!.headers['transfer-encoding']).toBe('chunked');
    expect(length).toMatchObject({ status: 200, body: 'ok', error: null });
    expect(server.seen.map((s) => [s.method, s.path, s.body]).sort()).toEqual([['GET', '/length', ''], ['POST', '/chunked', 'x']]);
  });

  it('computes the arrival spread from X-Arrival-Ns, and null where the target does not send it', async () => {
    await using stamped = await startServer((_req, res) => {
      stampArrival(res);
      res.end();
    });
    await using plain = await startServer((_req, res) => res.end());
    const e = engine();
    const withStamp = await e.burst(posts(stamped.url, 5));
    const arrivals = withStamp.responses.map((r) => r.arrivalNs!);
    expect(arrivals.every((a) => typeof a === 'bigint')).toBe(true);
    const max = arrivals.reduce((m, a) => (a > m ? a : m));
    const min = arrivals.reduce((m, a) => (a < m ? a : m));
    expect(withStamp.arrivalSpreadMs).toBe(Number(max - min) / 1e6);
    const without = await e.burst(posts(plain.url, 5));
    expect(without.arrivalSpreadMs).toBeNull();
    expect(without.responses.every((r) => r.arrivalNs === null && r.status !== null && r.status < 300)).toBe(true);
  });

  it.each(methods)('%s: caps a large body', async (method) => {
    await using server = await startServer((_req, res) => res.end('y'.repeat(200_000)));
    const result = await engine({ method }).burst(posts(server.url, 2));
    expect(result.responses.every((r) => r.body!.length === 64 * 1024 && r.status !== null && r.status < 300)).toBe(true);
  });
});

describe('burst engine: faults give info, never throw', () => {
  const burstMethods = ['last-byte', 'warm', 'fetch'] as const;

  it.each(burstMethods)('%s: a target that never answers → info timeout, after it received every request', async (method) => {
    await using server = await startServer(() => {});
    const result = await engine({ method, timeoutMs: 300 }).burst(posts(server.url, 5));
    expect(result.responses.map((r) => [classifyOutcome(r), r.error, r.status])).toEqual(Array(5).fill(['info', 'timeout', null]));
    await server.arrived(5);
  });

  it.each(burstMethods)('%s: a target that resets the connection → info ECONNRESET, and nothing is sent again', async (method) => {
    await using server = await startServer((req) => req.socket.resetAndDestroy());
    const result = await engine({ method }).burst(posts(server.url, 5));
    for (const r of result.responses) expect([classifyOutcome(r), r.status, r.error]).toEqual(['info', null, 'ECONNRESET']);
    expect(server.seen).toHaveLength(5);
  });

  it.each(['last-byte', 'warm'] as const)('%s: a target that closes without answering → info ECONNRESET', async (method) => {
    await using server = await startServer((req) => req.socket.destroy());
    const result = await engine({ method }).burst(posts(server.url, 3));
    expect(result.responses.map((r) => [classifyOutcome(r), r.error])).toEqual(Array(3).fill(['info', 'ECONNRESET']));
    expect(server.seen).toHaveLength(3);
  });

  it.each(burstMethods)('%s: abortAfterSendMs → info aborted, and the target saw every request', async (method) => {
    await using server = await startServer(() => {});
    const result = await engine({ method }).burst(posts(server.url, 5), { abortAfterSendMs: 20 });
    for (const r of result.responses) {
      expect([classifyOutcome(r), r.error]).toEqual(['info', 'aborted']);
      expect(r.sendNs).toBeGreaterThan(0n);
    }
    await server.arrived(5);
    expect(server.seen).toHaveLength(5);
  });

  it.each(burstMethods)('%s: the caller aborting mid-burst → info aborted for the unanswered ones', async (method) => {
    const controller = new AbortController();
    await using server = await startServer((req, res) => {
      if (req.url!.includes('/b0/')) res.end('first');
      if (server.seen.length === 3) controller.abort();
    });
    const result = await engine({ method }).burst(posts(server.url, 3), { signal: controller.signal });
    // b0 was answered before the abort, but its response may still be in flight when it lands.
    const first = result.responses[0]!;
    expect(classifyOutcome(first) === 'ok' ? first.body : first.error).toBe(classifyOutcome(first) === 'ok' ? 'first' : 'aborted');
    expect(result.responses.slice(1).map((r) => [classifyOutcome(r), r.error])).toEqual([['info', 'aborted'], ['info', 'aborted']]);
  });

  it('an already aborted signal sends nothing', async () => {
    await using server = await startServer((_req, res) => res.end());
    const result = await engine().burst(posts(server.url, 4), { signal: AbortSignal.abort() });
    expect(result.responses.map((r) => [r.error, r.sendNs])).toEqual(Array(4).fill(['aborted', 0n]));
    expect(result.sendSpreadMs).toBe(0);
    await using probe = await startServer((_req, res) => res.end());
    await engine().send({ url: probe.url, method: 'GET', headers: {} });
    expect(server.seen).toHaveLength(0);
  });

  it('a refused connection → info ECONNREFUSED', async () => {
    const server = await startServer(() => {});
    const url = server.url;
    await server[Symbol.asyncDispose]();
    for (const method of ['last-byte', 'warm', 'fetch'] as const) {
      const result = await engine({ method }).burst(posts(url, 2));
      expect(result.responses.map((r) => r.error)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
    }
  });

  it('auto falls back to warm for https: targets, and last-byte refuses them', async () => {
    const server = await startServer(() => {});
    const httpsUrl = server.url.replace('http:', 'https:');
    await server[Symbol.asyncDispose]();
    const result = await engine().burst(posts(httpsUrl, 2));
    expect(result.method).toBe('warm');
    expect(result.responses.map((r) => r.error)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
    await expect(engine({ method: 'last-byte' }).burst(posts(httpsUrl, 1))).rejects.toBeInstanceOf(EngineRequestError);
  });

  it('rejects bad requests and oversize bursts before opening anything', async () => {
    const e = engine({ maxBurstSize: 2 });
    await expect(e.burst(posts('http://127.0.0.1:9', 3))).rejects.toBeInstanceOf(EngineRequestError);
    await expect(e.burst([{ url: 'http://127.0.0.1:9/', method: 'GET', headers: { x: 'a\r\nEvil: 1' } }])).rejects.toBeInstanceOf(EngineRequestError);
    await expect(e.burst([{ url: 'ftp://127.0.0.1/', method: 'GET', headers: {} }])).rejects.toBeInstanceOf(EngineRequestError);
    expect(() => createBurstEngine({ timeoutMs: -1 })).toThrow(/timeoutMs/);
  });
});

describe('burst engine: single sends', () => {
  it('sends single requests, and reports timeouts, aborts and resets as info', async () => {
    await using server = await startServer((req, res) => {
      if (req.url === '/hang') return;
      if (req.url === '/reset') return req.socket.resetAndDestroy();
      stampArrival(res);
      res.end(req.url);
    });
    const e = engine();
    const first = await e.send({ url: `${server.url}/a`, method: 'GET', headers: {} });
    const second = await e.send({ url: `${server.url}/b`, method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect([classifyOutcome(first), first.body, second.body]).toEqual(['ok', '/a', '/b']);
    expect(first.arrivalNs).not.toBeNull();
    expect(server.seen[1]!.body).toBe('hi');

    const timedOut = await e.send({ url: `${server.url}/hang`, method: 'POST', headers: {} }, { timeoutMs: 200 });
    expect([classifyOutcome(timedOut), timedOut.error]).toEqual(['info', 'timeout']);
    const aborted = await e.send({ url: `${server.url}/hang`, method: 'POST', headers: {} }, { abortAfterSendMs: 10 });
    expect([classifyOutcome(aborted), aborted.error]).toEqual(['info', 'aborted']);
    const before = server.seen.length;
    const reset = await e.send({ url: `${server.url}/reset`, method: 'POST', headers: {}, body: 'once' });
    expect([classifyOutcome(reset), reset.error]).toEqual(['info', 'ECONNRESET']);
    expect(server.seen.length).toBe(before + 1);
  });

  it('is closed by await using and refuses work afterwards', async () => {
    await using server = await startServer(() => {});
    let kept: BurstEngine;
    let pending: Promise<unknown>;
    {
      await using e = createBurstEngine();
      kept = e;
      pending = e.send({ url: `${server.url}/hang`, method: 'GET', headers: {} });
      await server.arrived(1);
    }
    await expect(pending).resolves.toMatchObject({ error: 'aborted' });
    await expect(kept.send({ url: server.url, method: 'GET', headers: {} })).rejects.toBeInstanceOf(EngineClosedError);
  });
});
