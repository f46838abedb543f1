// The burst engine's contract as an *ordering* seen by the target, not a timing: on a raw
// node:net server that numbers every read, every request's bytes but the last have been read
// before any request's final byte arrives. A server that merely holds answers until all N
// requests arrived proves concurrency; this proves tightness: nothing is left to arrive but N
// single bytes, all released after every prefix is in.
//
// Determinism: the engine's rendezvous hook (RendezvousHooks.beforeRelease) lets the server read
// every prefix before the final bytes go, so a correct engine passes however slow the machine
// is; without it a descheduled server could read prefix and final byte in one chunk.
//
// That the test can fail is shown here, not argued: the same check reports violations for
// `method: 'fetch'` (no byte held back: every request lands in one read) and for a sender built
// from the engine's own last-byte exchanges that releases each as soon as it is ready (no
// rendezvous). Done on the engine itself (2026-12-01): writing `bytes` instead of `prefix` in
// the connect handler of harness/engines/last-byte-exchange.ts fails 'last-byte' and 'auto' with
// "final byte came in the same read as the rest" for all 50 connections; adding
// `for (const e of exchanges) void e.ready.then((r) => r && e.release());` at the top of
// `rendezvous()` in burst-engine.ts fails them (and 'warm') with "connection 0's final byte
// (read #3) came before connection 49's prefix was in (read #100)".
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBurstEngine, type RendezvousHooks } from '../harness/engines/burst-engine.ts';
import type { BurstEngine, EngineRequest } from '../harness/engines/index.ts';
import { prepareLastByteExchange } from '../harness/engines/last-byte-exchange.ts';

interface Connection {
  id: number;
  /** Sequence number of the server's accept, and of the reads that brought the first byte, all but the last, and the last. */
  acceptSeq: number;
  firstSeq: number | null;
  prefixSeq: number | null;
  finalSeq: number | null;
  received: number;
  /** Bytes of the whole request, once its headers have been read. */
  total: number | null;
  head: Buffer;
}

interface OrderingServer extends AsyncDisposable {
  url: string;
  connections: Connection[];
  /** Resolves once `n` connections are accepted (and, if `prefixes`, have sent all but their last byte). */
  reached(n: number, prefixes: boolean): Promise<void>;
  /** Forgets the connections of the previous burst. */
  clear(): void;
}

const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';
/** Turns a deadlock into a failed test with a reason; never a threshold on how fast anything is. */
const STUCK_MS = 20_000;

function requestLength(head: Buffer): number | null {
  const end = head.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head.subarray(0, end).toString('latin1'));
  return end + 4 + (length ? Number(length[1]) : 0);
}

async function startOrderingServer(): Promise<OrderingServer> {
  let seq = 0;
  let connections: Connection[] = [];
  let waiters: { test: () => boolean; resolve: () => void }[] = [];
  const check = (): void => {
    waiters = waiters.filter((w) => (w.test() ? (w.resolve(), false) : true));
  };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const c: Connection = { id: connections.length, acceptSeq: ++seq, firstSeq: null, prefixSeq: null, finalSeq: null, received: 0, total: null, head: Buffer.alloc(0) };
    connections.push(c);
    socket.on('data', (chunk: Buffer) => {
      const at = ++seq;
      const before = c.received;
      c.received += chunk.length;
      c.firstSeq ??= at;
      if (c.total === null) {
        c.head = Buffer.concat([c.head, chunk]);
        c.total = requestLength(c.head);
      }
      if (c.total !== null) {
        if (before < c.total - 1 && c.received >= c.total - 1) c.prefixSeq = at;
        if (c.finalSeq === null && c.received >= c.total) {
          c.finalSeq = at;
          socket.end(RESPONSE);
        }
      }
      check();
    });
    socket.on('error', () => {});
    check();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    reached(n, prefixes) {
      const test = () => connections.filter((c) => !prefixes || c.prefixSeq !== null).length >= n;
      if (test()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the server saw ${connections.length} connections, not ${n}${prefixes ? ' with their prefixes' : ''}`)), STUCK_MS);
        waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    clear() {
      connections = [];
    },
    async [Symbol.asyncDispose]() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** What the contract forbids, in words; empty when it held. */
function lastByteViolations(connections: Connection[], expected: number): string[] {
  const problems: string[] = [];
  if (connections.length !== expected) problems.push(`${connections.length} connections, not ${expected}`);
  for (const c of connections) {
    if (c.prefixSeq === null || c.finalSeq === null) problems.push(`connection ${c.id}: incomplete request (${c.received} of ${c.total ?? '?'} bytes)`);
    else if (c.prefixSeq === c.finalSeq) problems.push(`connection ${c.id}: its final byte came in the same read as the rest (not held back)`);
  }
  const prefixes = connections.map((c) => c.prefixSeq ?? Infinity);
  const finals = connections.map((c) => c.finalSeq ?? -Infinity);
  const lastPrefix = Math.max(...prefixes);
  const firstFinal = Math.min(...finals);
  if (!(lastPrefix < firstFinal)) {
    const early = connections.find((c) => c.finalSeq === firstFinal)!;
    const late = connections.find((c) => c.prefixSeq === lastPrefix)!;
    problems.push(`connection ${early.id}'s final byte (read #${firstFinal}) came before connection ${late.id}'s prefix was in (read #${lastPrefix})`);
  }
  return problems;
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
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

function observedEngine(server: OrderingServer, method: 'auto' | 'last-byte' | 'warm' | 'fetch'): BurstEngine {
  const hooks: RendezvousHooks = { beforeRelease: (n) => server.reached(n, method !== 'warm') };
  const engine = createBurstEngine({ method, timeoutMs: STUCK_MS }, hooks);
  engines.push(engine);
  return engine;
}

const N = 50;
const BURSTS = 3;

describe('burst engine: tightness as an ordering at a raw TCP server', () => {
  it.each(['last-byte', 'auto'] as const)('%s: every request but its last byte is in before any final byte arrives (3 bursts of 50)', async (method) => {
    await using server = await startOrderingServer();
    const engine = observedEngine(server, method);
    for (let burst = 0; burst < BURSTS; burst++) {
      server.clear();
      const result = await engine.burst(posts(server.url, N));
      expect(result.responses.map((r) => r.body)).toEqual(Array(N).fill('ok'));
      expect(lastByteViolations(server.connections, N)).toEqual([]);
    }
  });

  it('warm: every connection is open at the target before any request byte arrives', async () => {
    await using server = await startOrderingServer();
    const engine = observedEngine(server, 'warm');
    const result = await engine.burst(posts(server.url, N));
    expect(result.responses.every((r) => r.status !== null && r.status < 300)).toBe(true);
    const lastAccept = Math.max(...server.connections.map((c) => c.acceptSeq));
    const firstByte = Math.min(...server.connections.map((c) => c.firstSeq ?? Infinity));
    expect(server.connections).toHaveLength(N);
    expect(lastAccept).toBeLessThan(firstByte);
  });
});

describe('the ordering check fails when the contract is broken (controls)', () => {
  it('fetch holds nothing back: every connection is reported', async () => {
    await using server = await startOrderingServer();
    await observedEngine(server, 'fetch').burst(posts(server.url, N));
    const problems = lastByteViolations(server.connections, N);
    expect(problems.filter((p) => p.includes('not held back'))).toHaveLength(N);
  });

  it('last-byte exchanges released one by one as each is ready (no rendezvous) are reported', async () => {
    await using server = await startOrderingServer();
    const exchanges = posts(server.url, N).map((request) => prepareLastByteExchange(request, new URL(request.url), { timeoutMs: STUCK_MS }));
    for (const e of exchanges) void e.ready.then((ready) => ready && e.release());
    const responses = await Promise.all(exchanges.map((e) => e.done));
    expect(responses.every((r) => r.status !== null && r.status < 300)).toBe(true);
    expect(lastByteViolations(server.connections, N).length).toBeGreaterThan(0);
  });
});
