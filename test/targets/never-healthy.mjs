// A target that starts listening but never becomes ready: /healthz answers 503 forever. The
// harness must give up after its readiness timeout, exit 3 and show this output's tail.
import http from 'node:http';

console.log('never-healthy: waiting for a migration that never finishes');
http
  .createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"ready":false}');
  })
  .listen(Number(process.env.PORT ?? 0), '127.0.0.1');
