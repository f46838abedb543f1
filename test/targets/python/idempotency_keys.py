"""Idempotency-Key replay for the correct target (docs/target-contract.md#idempotency-key): a
table per (owner, key) that remembers which request a key was first used for and, once it is
final, its answer.

- The same key and request again replays the stored answer (a 200, or a final 400/403/404/422).
- The same key for another business or another body is 422 IDEMPOTENCY_KEY_REUSED.
- The same key while the first request still runs is 409 ONBOARDING_IN_PROGRESS.
- 409/429/503 and crashes are never stored: the key is let go, so a retry really runs again. A
  request killed before it could let go holds the key for CLAIM_LEASE_MS, then a retry takes over.

A replay cache only: correctness never depends on it — requests without a key, or with a new
key per click, are made safe by the row lock and the look-up at Twilio in correct.py.
"""
import hashlib
import json

from http_errors import HttpError

SCHEMA = """CREATE TABLE IF NOT EXISTS idempotency_keys (
  owner_id uuid NOT NULL,
  key text NOT NULL,
  business_id uuid NOT NULL,
  fingerprint text NOT NULL,
  status integer,
  body text,
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (owner_id, key))"""

FINAL_STATUSES = {200, 400, 403, 404, 422}


def fingerprint_of(raw_body: bytes) -> str:
    return hashlib.sha256(raw_body).hexdigest()


def _claim(pool, owner, key, business_id, fingerprint, lease_ms, attempt=0):
    """None when this request now holds the key; else the (status, body) to answer with."""
    rows = pool.query(
        """INSERT INTO idempotency_keys (owner_id, key, business_id, fingerprint) VALUES (%s, %s, %s, %s)
           ON CONFLICT DO NOTHING RETURNING 1""", (owner, key, business_id, fingerprint))
    if rows:
        return None
    rows = pool.query(
        """SELECT business_id, fingerprint, status, body,
                  (%s - EXTRACT(EPOCH FROM clock_timestamp() - started_at) * 1000)::bigint AS lease_left_ms
           FROM idempotency_keys WHERE owner_id = %s AND key = %s""", (lease_ms, owner, key))
    if not rows:  # let go between our insert and our read: try again, a few times at most
        if attempt < 3:
            return _claim(pool, owner, key, business_id, fingerprint, lease_ms, attempt + 1)
        raise HttpError(409, "ONBOARDING_IN_PROGRESS", "a request with this Idempotency-Key is still running", {"retryAfterMs": 100})
    row = rows[0]
    if str(row["business_id"]) != business_id or row["fingerprint"] != fingerprint:
        raise HttpError(422, "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for another request")
    if row["status"] is not None:
        return row["status"], json.loads(row["body"])
    if row["lease_left_ms"] > 0:
        raise HttpError(409, "ONBOARDING_IN_PROGRESS", "a request with this Idempotency-Key is still running",
                        {"retryAfterMs": int(min(row["lease_left_ms"], 1000))})
    # The request that held the key died without letting go: take it over, if nobody else did.
    taken = pool.query(
        """UPDATE idempotency_keys SET started_at = clock_timestamp()
           WHERE owner_id = %s AND key = %s AND status IS NULL
             AND clock_timestamp() - started_at >= make_interval(secs => %s / 1000.0) RETURNING 1""",
        (owner, key, lease_ms))
    if taken:
        return None
    raise HttpError(409, "ONBOARDING_IN_PROGRESS", "a request with this Idempotency-Key is still running", {"retryAfterMs": 100})


def _finish(pool, owner, key, status, body) -> None:
    try:
        if status in FINAL_STATUSES:
            pool.query("UPDATE idempotency_keys SET status = %s, body = %s WHERE owner_id = %s AND key = %s",
                       (status, json.dumps(body), owner, key))
        else:
            pool.query("DELETE FROM idempotency_keys WHERE owner_id = %s AND key = %s AND status IS NULL", (owner, key))
    except Exception:  # noqa: BLE001 — the answer stands; the key's lease runs out on its own
        pass


def with_idempotency_key(pool, owner, key, business_id, fingerprint, lease_ms, onboard):
    """Runs `onboard()` (→ (status, body)) under the key, or answers from what the key knows."""
    if key is None:
        return onboard()
    answered = _claim(pool, owner, key, business_id, fingerprint, lease_ms)
    if answered is not None:
        return answered
    try:
        status, body = onboard()
    except HttpError as error:
        _finish(pool, owner, key, error.status, error.body())
        raise
    except BaseException:
        _finish(pool, owner, key, 503, None)
        raise
    _finish(pool, owner, key, status, body)
    return status, body
