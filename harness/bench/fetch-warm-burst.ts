// The second baseline of the burst-spread bench, `fetch-warm`: Promise.all(fetch(...)) on one
// keep-alive pool kept across bursts, whose connections the warm-up bursts have opened — the
// best a test written without this engine gets. (`fetch`, the first baseline, is the engine's
// own method: a fresh pool per burst, as such a test usually runs.) fetch does not say when it
// finished writing a request, so this baseline has no send spread.
import { Agent, fetch } from 'undici';
import { spreadMs, type EngineRequest } from '../engines/index.ts';

export interface WarmFetchBurster extends AsyncDisposable {
  /** Arrival spread in ms; null if a request failed or a response carried no X-Arrival-Ns. */
  burst(requests: EngineRequest[]): Promise<number | null>;
}

export function createWarmFetchBurster(size: number): WarmFetchBurster {
  const agent = new Agent({ connections: size, keepAliveTimeout: 30_000, headersTimeout: 10_000, bodyTimeout: 10_000 });
  return {
    async burst(requests) {
      const arrivals = await Promise.all(requests.map(async (r) => {
        try {
          const response = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body ?? null, dispatcher: agent });
          await response.arrayBuffer();
          const stamp = response.headers.get('x-arrival-ns');
          return response.ok && stamp ? BigInt(stamp) : null;
        } catch {
          return null;
        }
      }));
      if (arrivals.some((a) => a === null)) return null;
      return spreadMs(arrivals as bigint[]);
    },
    async [Symbol.asyncDispose]() {
      await agent.close();
    },
  };
}
