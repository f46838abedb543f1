// Steps released together, so that they overlap inside the database rather than merely being
// written close in time. Each co-released statement was an autocommit statement; the proxy runs
// it inside a transaction it opened itself (`BEGIN` just before it) and holds its `COMMIT` until
// every member of the group has finished its statement or is blocked on a lock. Only then do the
// finished members commit; a member still blocked commits as soon as it finishes.
//
// Why this is a legal execution of the client's program: an autocommit statement is its own
// transaction, and PostgreSQL may take any time between the end of the statement and its commit
// (it is the commit at `Sync` or at the end of the `Query` message). Running it as
// `BEGIN; <statement>; COMMIT` with the COMMIT delayed is exactly such a slow commit: the
// statement's snapshot is still taken when it starts, its effects are still invisible to others
// until the commit, its locks are still held until then, and an error at commit (a deferred
// constraint, a serialization failure) still reaches the client before its ReadyForQuery, as
// PostgreSQL sends it in autocommit. The client sees the same messages it would have seen: the
// proxy's BEGIN and COMMIT answers are swallowed and the statement's ReadyForQuery is rewritten
// to idle ('I'). Statements that behave differently inside a transaction block (transaction
// control, VACUUM, LOCK, … see together-rules.ts) are refused.

type MemberState = 'running' | 'blocked' | 'finished' | 'done';

export class TogetherGroup {
  private decided = false;
  private readonly members = new Map<number, { state: MemberState; commit: (() => void) | null }>();

  constructor(stepIds: number[]) {
    for (const id of stepIds) this.members.set(id, { state: 'running', commit: null });
  }

  /** The member's statement finished (its ReadyForQuery came); `commit` sends its COMMIT. */
  finished(stepId: number, commit: () => void): void {
    const member = this.members.get(stepId);
    if (!member) return;
    member.state = 'finished';
    member.commit = commit;
    if (this.decided) this.commit(stepId);
    else this.decide();
  }

  blocked(stepId: number, isBlocked: boolean): void {
    const member = this.members.get(stepId);
    if (!member || (member.state !== 'running' && member.state !== 'blocked')) return;
    member.state = isBlocked ? 'blocked' : 'running';
    this.decide();
  }

  /** The member needs no COMMIT (it failed and was rolled back, or its connection ended). */
  done(stepId: number): void {
    const member = this.members.get(stepId);
    if (!member) return;
    member.state = 'done';
    this.decide();
  }

  has(stepId: number): boolean {
    return this.members.has(stepId);
  }

  private decide(): void {
    if (this.decided) return;
    if (![...this.members.values()].every((m) => m.state !== 'running')) return;
    this.decided = true;
    for (const [id, member] of this.members) if (member.state === 'finished') this.commit(id);
  }

  private commit(stepId: number): void {
    const member = this.members.get(stepId)!;
    const commit = member.commit;
    member.commit = null;
    member.state = 'done';
    commit?.();
  }
}
