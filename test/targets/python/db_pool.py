"""PostgreSQL access for a threaded server: a pool that waits, transactions that throw away
broken connections, and a schema created safely by several instances at once.

psycopg2's ThreadedConnectionPool raises PoolError when all its connections are out instead of
waiting, so a burst larger than DB_POOL_MAX would fail requests that a waiting pool (node-postgres,
HikariCP, SQLAlchemy) serves a moment later. A semaphore with as many permits as connections
makes callers wait for one.
"""
import select
import threading
from contextlib import contextmanager

import psycopg2
import psycopg2.extras
from psycopg2.pool import ThreadedConnectionPool

# Any constant the app owns; instances of one app share it, so they take the same lock.
SCHEMA_LOCK = 0x0E1

SCHEMA = """CREATE TABLE IF NOT EXISTS businesses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigserial NOT NULL,
  owner_id uuid NOT NULL,
  name text NOT NULL,
  area_code text NOT NULL,
  phone_number text,
  phone_number_sid text,
  onboarding_status text NOT NULL DEFAULT 'pending')"""


def _looks_dead(conn) -> bool:
    """An idle connection whose socket is readable has been told something unasked — in
    practice that the server ended the session (pg_terminate_backend sends a FATAL, then EOF)."""
    if conn.closed:
        return True
    readable, _, _ = select.select([conn], [], [], 0)
    return bool(readable)


class WaitingPool:
    def __init__(self, dsn: str, size: int):
        self._pool = ThreadedConnectionPool(0, size, dsn)
        self._permits = threading.BoundedSemaphore(size)

    @contextmanager
    def connection(self):
        self._permits.acquire()
        conn = None
        broken = False
        try:
            conn = self._pool.getconn()
            if _looks_dead(conn):
                self._pool.putconn(conn, close=True)
                conn = self._pool.getconn()
            yield conn
        except (psycopg2.OperationalError, psycopg2.InterfaceError):
            broken = True
            raise
        finally:
            if conn is not None:
                self._pool.putconn(conn, close=broken or bool(conn.closed))
            self._permits.release()

    @contextmanager
    def transaction(self):
        """Yields a dict cursor inside BEGIN … COMMIT; rolls back on any error."""
        with self.connection() as conn:
            try:
                with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
                    yield cur
                conn.commit()
            except BaseException:
                if not conn.closed:
                    try:
                        conn.rollback()
                    except psycopg2.Error:
                        pass
                raise

    def query(self, sql: str, params=()):
        """One statement in its own short transaction; returns the rows (if any)."""
        with self.transaction() as cur:
            cur.execute(sql, params)
            return cur.fetchall() if cur.description else []

    def create_schema(self, *more_tables: str) -> None:
        # Several instances start at once on one database, and CREATE TABLE IF NOT EXISTS alone
        # races on the catalog (a duplicate pg_type row), so creation is serialised by an
        # advisory lock held until the transaction ends.
        with self.transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            cur.execute(SCHEMA)
            for statement in more_tables:
                cur.execute(statement)

    def close(self) -> None:
        self._pool.closeall()
