import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startBlockedWatcher } from './blocked-watcher.ts';
import type { ProxyMode } from './client-step.ts';
import { startControlServer } from './control-server.ts';
import { serveClient } from './proxy-connection.ts';
import { StatementLabels } from './statement-labels.ts';
import { StepBoard } from './step-board.ts';
import { upstreamOf } from './upstream-address.ts';

// The proxy itself: a TCP listener for the target's connections, the step board, the blocked
// watcher and the control API, in one process (pg-proxy-main.ts runs it as a child of the
// harness, so that holding and forwarding never wait on the harness's event loop).

export interface PgProxyServerOptions {
  /** The database the target would use without the proxy (a postgres:// URL with host and port). */
  upstreamUrl: string;
  /** Where the blocked watcher connects; the upstream URL by default. */
  adminUrl?: string;
  mode?: ProxyMode;
  port?: number;
  controlPort?: number;
  log?: (line: string) => void;
}

export interface PgProxyServer extends AsyncDisposable {
  port: number;
  controlUrl: string;
  board: StepBoard;
}

export async function startPgProxyServer(options: PgProxyServerOptions): Promise<PgProxyServer> {
  const log = options.log ?? ((line: string) => console.error(line));
  const upstream = upstreamOf(options.upstreamUrl);
  const board = new StepBoard(options.mode ?? 'pass');
  const labels = new StatementLabels();
  const watcher = await startBlockedWatcher(board, options.adminUrl ?? options.upstreamUrl, (error) => log(`blocked watcher: ${error.message}`));
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    serveClient(client, { upstream, board, labels, log });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const control = await startControlServer(board, options.controlPort ?? 0);
  return {
    port: (server.address() as AddressInfo).port,
    controlUrl: control.url,
    board,
    async [Symbol.asyncDispose]() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await control[Symbol.asyncDispose]();
      await watcher[Symbol.asyncDispose]();
    },
  };
}
