import { describe, expect, it } from 'vitest';
import { startChildProcess, ChildProcessError } from '../harness/processes/child-process.ts';

const node = process.execPath;
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startChildProcess', () => {
  it('is ready when the ready line is printed and the health URL answers', async () => {
    const script = `
      const http = require('node:http');
      const server = http.createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', () => {
        console.log('listening on http://127.0.0.1:' + server.address().port);
      });`;
    await using child = await startChildProcess({
      name: 'server', command: node, args: ['-e', script],
      readyLine: /listening on (http:\/\/\S+)/, readyUrl: (m) => `${m![1]}/healthz`,
    });
    expect(child.isRunning()).toBe(true);
    const response = await fetch(`${child.readyMatch![1]}/`);
    expect(await response.text()).toBe('ok');
  });

  it('fails fast with the output when the process exits before it is ready', async () => {
    const started = startChildProcess({
      name: 'crasher', command: node, args: ['-e', 'console.error("boom: port in use"); process.exit(3)'],
      readyLine: /never/, readyTimeoutMs: 60_000,
    });
    await expect(started).rejects.toThrow(/crasher exited before it was ready \(code 3/);
    await expect(started).rejects.toSatisfy((e: ChildProcessError) => e.output.includes('boom: port in use'));
  });

  it('fails when the process is not ready in time and leaves nothing running', async () => {
    const started = startChildProcess({
      name: 'silent', command: node, args: ['-e', 'setInterval(() => {}, 1000)'],
      readyLine: /never/, readyTimeoutMs: 500,
    });
    await expect(started).rejects.toThrow(/not ready after 500 ms/);
  });

  it('stops with SIGKILL a process that ignores SIGTERM, and kills what it spawned', async () => {
    const script = `
      process.on('SIGTERM', () => {});
      const { spawn } = require('node:child_process');
      const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log('ready ' + grandchild.pid);
      setInterval(() => {}, 1000);`;
    const child = await startChildProcess({ name: 'stubborn', command: node, args: ['-e', script], readyLine: /ready (\d+)/ });
    const grandchild = Number(child.readyMatch![1]);
    expect(isAlive(grandchild)).toBe(true);
    const exit = await child.stop(300);
    expect(exit.signal).toBe('SIGKILL');
    await expect.poll(() => isAlive(grandchild)).toBe(false);
  });

  it('kill() delivers SIGKILL on demand', async () => {
    const child = await startChildProcess({ name: 'victim', command: node, args: ['-e', 'console.log("up"); setInterval(() => {}, 1000)'], readyLine: /up/ });
    const exit = await child.kill();
    expect(exit.signal).toBe('SIGKILL');
    expect(child.isRunning()).toBe(false);
  });
});
