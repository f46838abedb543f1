import { describe, expect, it } from 'vitest';
import { isReadOnlyFingerprint } from './read-only-sql.ts';
import { sqlFingerprint } from './sql-fingerprint.ts';

describe('sqlFingerprint', () => {
  it('gives one label to one statement whatever its values and parameter numbers', () => {
    const a = sqlFingerprint("SELECT id FROM businesses WHERE id = $1 AND name = 'Ann''s'  -- who\n LIMIT 10");
    const b = sqlFingerprint('select id\n  from businesses where id=$7 and name=\'Bob\' limit 3');
    expect(a).toBe('select id from businesses where id = ? and name = ? limit ?');
    expect(b).toBe(a);
  });

  it('replaces every kind of literal and keeps quoted identifiers as written', () => {
    expect(sqlFingerprint(`INSERT INTO "Numbers" (sid, n) VALUES (E'a\\'b', 1.5e3), ($x$;'$x$, .5) /* c /* nested */ */`))
      .toBe('insert into "Numbers"(sid, n) values(?, ?), (?, ?)');
    expect(sqlFingerprint("SELECT x'1F', B'01', n'x', t1.c2, count(*), $1::int FROM t1")).toBe('select ?, ?, ?, t1.c2, count(*), ?::int from t1');
  });

  it('tells statements apart when they differ in more than values', () => {
    expect(sqlFingerprint('SELECT * FROM a WHERE id = $1 FOR UPDATE')).not.toBe(sqlFingerprint('SELECT * FROM a WHERE id = $1'));
  });

  it('survives unterminated strings and comments (a label, never a crash)', () => {
    expect(sqlFingerprint("SELECT 'open")).toBe('select ?');
    expect(sqlFingerprint('SELECT 1 /* open')).toBe('select ?');
  });
});

describe('isReadOnlyFingerprint', () => {
  const readOnly = (sql: string) => isReadOnlyFingerprint(sqlFingerprint(sql));
  it('counts plain reads as read-only', () => {
    expect(readOnly('SELECT * FROM numbers WHERE business_id = $1')).toBe(true);
    expect(readOnly('WITH x AS (SELECT 1) SELECT * FROM x; SHOW work_mem')).toBe(true);
  });
  it('counts locking reads, writes, state-changing functions and transaction control as writes', () => {
    for (const sql of [
      'SELECT * FROM numbers WHERE id = $1 FOR UPDATE',
      'SELECT * FROM numbers FOR NO KEY UPDATE SKIP LOCKED',
      'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d',
      'SELECT pg_advisory_xact_lock(hashtext($1))',
      "SELECT nextval('s')",
      'SELECT * INTO t2 FROM t',
      'UPDATE t SET a = 1',
      'BEGIN',
      'COMMIT',
      '',
    ]) expect(readOnly(sql), sql).toBe(false);
  });
  it('is not fooled by keywords inside literals', () => {
    expect(readOnly("SELECT 'for update; delete' AS s")).toBe(true);
  });
});
