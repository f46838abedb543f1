import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { THIS_PROCESS, processStartTime } from '../processes/process-identity.ts';
import { PROFILE_OWNER_FILE, sweepStaleBrowserProfiles } from './sweep.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('sweepStaleBrowserProfiles', () => {
  it("removes a dead harness's Chromium profile, never a live run's or one it cannot attribute", async () => {
    root = mkdtempSync(join(tmpdir(), 'exactly-one-sweep-'));
    const child = spawn(process.execPath, ['-e', '0']);
    const dead = { pid: child.pid!, startTime: processStartTime(child.pid!), host: hostname() };
    await once(child, 'exit');
    const profile = (name: string, owner: object | null) => {
      mkdirSync(join(root, name));
      if (owner) writeFileSync(join(root, name, PROFILE_OWNER_FILE), JSON.stringify(owner));
      return join(root, name);
    };
    const stale = profile('exactly-one-chromium-dead', dead);
    const live = profile('exactly-one-chromium-live', { ...THIS_PROCESS, host: hostname() });
    const reused = profile('exactly-one-chromium-reused', { pid: process.pid, startTime: `${THIS_PROCESS.startTime ?? '1'}0`, host: hostname() });
    const unknown = profile('exactly-one-chromium-unknown', null);
    const other = profile('somebody-else', dead);
    const removed = sweepStaleBrowserProfiles(root, () => {});
    expect(removed.sort()).toEqual(THIS_PROCESS.startTime === null ? [stale] : [reused, stale].sort());
    expect(existsSync(live)).toBe(true);
    expect(existsSync(unknown)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
