// The target the burst-spread bench fires at: a one-process node:http server in a child process
// (its own event loop, as a real target has), stamping X-Arrival-Ns when each request's body has
// fully arrived. Plain JavaScript run with `node -e`, so it needs no TypeScript loader.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const TARGET_SOURCE = `
const http = require('node:http');
const server = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.setHeader('X-Arrival-Ns', process.hrtime.bigint().toString());
    res.setHeader('content-type', 'application/json');
    res.end('{"success":true,"phoneNumber":"+18285550100","alreadyComplete":false}');
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
process.stdin.on('end', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
process.stdin.resume();
`;

export interface SpreadTarget extends AsyncDisposable {
  url: string;
}

/** Starts the stamping target; it exits when our end of its stdin closes, so it cannot outlive us. */
export async function startSpreadTarget(): Promise<SpreadTarget> {
  const child: ChildProcess = spawn(process.execPath, ['-e', TARGET_SOURCE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const port = await Promise.race([
    (async () => {
      for await (const line of lines) {
        const match = /^listening (\d+)$/.exec(line);
        if (match) return Number(match[1]);
      }
      throw new Error('burst-spread target closed its output before listening');
    })(),
    exited.then(([code]) => {
      throw new Error(`burst-spread target exited with ${String(code)} before listening`);
    }),
  ]);
  return {
    url: `http://127.0.0.1:${port}`,
    async [Symbol.asyncDispose]() {
      lines.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
