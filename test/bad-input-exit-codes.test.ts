import { describe, expect, it } from 'vitest';
import { runExactlyOne } from './support/cli-process.ts';

// Exit 4 means a bug of ours, never a user's input or environment: each of these once exited 4.
describe('bad input and environment get their own exit class', () => {
  it('--db url to a server that is not there is exit 3, named as the provider names it', { timeout: 120_000 }, async () => {
    const run = await runExactlyOne(['run', 'concurrent-burst', '--db', 'url', '--database-url', 'postgres://postgres@127.0.0.1:1/nothing', '--businesses', '1']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('E_DATABASE_UNREACHABLE');
    expect(run.stderr).not.toContain('internal error');
  });

  it('a burst larger than the engine releases together is exit 2 naming the limit, before anything starts', { timeout: 120_000 }, async () => {
    const run = await runExactlyOne(['run', 'concurrent-burst', '--businesses', '101', '--concurrency', '5']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('E_BURST_TOO_LARGE');
    expect(run.stderr).toContain('500');
    expect(run.stderr).not.toContain('starting the');
  });

  it('--target-url without --public-base-url is refused (exit 2) unless WEBHOOKS_CONSISTENT is skipped explicitly', { timeout: 120_000 }, async () => {
    const run = await runExactlyOne(['run', 'concurrent-burst', '--target-url', 'http://127.0.0.1:9']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('E_UNJUDGEABLE_INVARIANT');
    expect(run.stderr).toContain('--public-base-url');
  });
});
