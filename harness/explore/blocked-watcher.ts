import pg from 'pg';
import type { StepBoard } from './step-board.ts';

// Tells a step PostgreSQL makes wait on a lock from one that is still running, so the scheduler
// never mistakes a lock wait for a hang: while steps are in flight in hold mode it asks an admin
// connection of its own (straight to the database, not through the proxy)
// `pg_blocking_pids(pid)` for their backends, as PostgreSQL's isolation tester does through
// `pg_isolation_test_session_is_blocked`. A poll only speaks of steps released before it began.

/** Between polls while something is in flight; short enough for a scheduler, light for the database. */
const POLL_INTERVAL_MS = 15;

export interface BlockedWatcher extends AsyncDisposable {
  /** Polls made, for the tests and the proxy's own log. */
  readonly polls: number;
}

export async function startBlockedWatcher(board: StepBoard, adminUrl: string, onError: (error: Error) => void): Promise<BlockedWatcher> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'exactly-one pg-proxy blocked watcher' });
  client.on('error', onError);
  await client.connect();
  let stopped = false;
  let polls = 0;
  let wake: (() => void) | undefined;
  const unlisten = board.onRelease(() => wake?.());

  const loop = (async () => {
    while (!stopped) {
      const watched = board.mode === 'hold' ? board.inFlight() : [];
      if (watched.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const generation = ++board.pollGeneration;
      const pids = [...new Set(watched.map((s) => s.backendPid))];
      try {
        const { rows } = await client.query<{ pid: number; blockers: number[] }>(
          'SELECT pid, pg_blocking_pids(pid) AS blockers FROM unnest($1::int[]) AS pid',
          [pids],
        );
        polls++;
        const blockersOf = new Map(rows.map((r) => [r.pid, r.blockers]));
        for (const pid of pids) {
          // The oldest unanswered step of a backend is the one it is running.
          const step = board.inFlight().filter((s) => s.backendPid === pid).sort((a, b) => a.id - b.id)[0];
          if (step && step.releasedAtPoll < generation) board.blockedState(step.id, blockersOf.get(pid) ?? []);
        }
      } catch (error) {
        if (stopped) break;
        onError(error as Error);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_INTERVAL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();

  return {
    get polls() {
      return polls;
    },
    async [Symbol.asyncDispose]() {
      stopped = true;
      unlisten();
      wake?.();
      await loop;
      await client.end().catch(() => undefined);
    },
  };
}
