import pg from 'pg';

// Samples the target database's lock waits while a scenario runs (db-lock-under-load): how many
// sessions wait on a lock and how many wait for a connection's work, from pg_stat_activity and
// pg_locks, every `intervalMs`.

export interface LockSample {
  lockWaiters: number;
  activeSessions: number;
}

export interface LockSampler {
  stop(): Promise<{ samples: number; maxLockWaiters: number; meanLockWaiters: number; maxActiveSessions: number; ungrantedLocksSeen: number }>;
}

export async function startLockSampler(adminUrl: string, database: string, intervalMs = 100): Promise<LockSampler> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  const samples: LockSample[] = [];
  let ungranted = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const { rows } = await client.query<{ lock_waiters: string; active: string; ungranted: string }>(
          `SELECT
             count(*) FILTER (WHERE a.wait_event_type = 'Lock') AS lock_waiters,
             count(*) FILTER (WHERE a.state = 'active') AS active,
             (SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE NOT l.granted AND d.datname = $1) AS ungranted
           FROM pg_stat_activity a WHERE a.datname = $1 AND a.pid <> pg_backend_pid()`,
          [database],
        );
        const row = rows[0]!;
        samples.push({ lockWaiters: Number(row.lock_waiters), activeSessions: Number(row.active) });
        ungranted += Number(row.ungranted);
      } catch {
        // The target's database may be going away at the end of the cell: stop sampling.
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end().catch(() => {});
      const waiters = samples.map((s) => s.lockWaiters);
      return {
        samples: samples.length,
        maxLockWaiters: Math.max(0, ...waiters),
        meanLockWaiters: waiters.length ? waiters.reduce((a, b) => a + b, 0) / waiters.length : 0,
        maxActiveSessions: Math.max(0, ...samples.map((s) => s.activeSessions)),
        ungrantedLocksSeen: ungranted,
      };
    },
  };
}
