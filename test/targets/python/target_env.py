"""The environment the harness gives a target (docs/target-contract.md#environment).

A missing variable is a start-up error with the variable's name, exit 2, so a person running
the target by hand sees what to set instead of a stack trace.
"""
import os
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class TargetEnv:
    port: int
    database_url: str
    twilio_account_sid: str
    twilio_auth_token: str
    twilio_api_base: str
    public_base_url: str
    jwt_secret: bytes
    fixtures_enabled: bool
    db_pool_max: int
    twilio_timeout_s: float
    claim_lease_ms: int


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        print(f"python target: {name} is not set (see docs/target-contract.md#environment)", file=sys.stderr)
        sys.exit(2)
    return value


def _whole(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw else default
    except ValueError:
        print(f"python target: {name}={raw!r} is not a whole number", file=sys.stderr)
        sys.exit(2)


def read_env() -> TargetEnv:
    return TargetEnv(
        port=_whole("PORT", 0),
        database_url=_required("DATABASE_URL"),
        twilio_account_sid=_required("TWILIO_ACCOUNT_SID"),
        twilio_auth_token=_required("TWILIO_AUTH_TOKEN"),
        twilio_api_base=_required("TWILIO_API_BASE").rstrip("/"),
        public_base_url=_required("PUBLIC_BASE_URL").rstrip("/"),
        jwt_secret=_required("JWT_SECRET").encode("utf-8"),
        fixtures_enabled=os.environ.get("FIXTURES_ENABLED") == "1",
        db_pool_max=max(1, _whole("DB_POOL_MAX", 10)),
        twilio_timeout_s=_whole("TWILIO_TIMEOUT_MS", 10_000) / 1000,
        claim_lease_ms=_whole("CLAIM_LEASE_MS", 3 * _whole("TWILIO_TIMEOUT_MS", 10_000)),
    )
