import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ownerIsLive, processStartTime, THIS_PROCESS } from './process-identity.ts';

describe('process identity', () => {
  it('knows this process is live, and a recorded pid whose start time differs is not its owner', () => {
    expect(ownerIsLive(THIS_PROCESS)).toBe(true);
    if (THIS_PROCESS.startTime !== null) expect(ownerIsLive({ pid: process.pid, startTime: `${THIS_PROCESS.startTime}9` })).toBe(false);
  });
  it('a dead pid owns nothing', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    const started = processStartTime(pid);
    await once(child, 'exit');
    expect(ownerIsLive({ pid, startTime: started })).toBe(false);
  });
});
