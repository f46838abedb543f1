"""The contract's error answers ({ success: false, code, message }) and how the failures a
target meets map onto them: a Twilio failure is 503 TWILIO_UNAVAILABLE (400 INVALID_AREA_CODE
for Twilio's 21451/21452), a lost database connection is 503 DATABASE_UNAVAILABLE. Anything
else stays unmapped and is answered 500, which the harness reports as a server error.
"""
import psycopg2


class HttpError(Exception):
    def __init__(self, status: int, code: str, message: str, extra=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict:
        return {"success": False, "code": self.code, "message": self.message, **self.extra}


def twilio_unavailable(why: str) -> HttpError:
    return HttpError(503, "TWILIO_UNAVAILABLE", f"Twilio failed: {why}", {"retryable": True})


def database_unavailable(why: str) -> HttpError:
    return HttpError(503, "DATABASE_UNAVAILABLE", f"database failed: {why}", {"retryable": True})


def known_error(error: BaseException):
    """The contract's answer for a known failure, or None for a bug (answered 500)."""
    if isinstance(error, HttpError):
        return error
    # OperationalError: the server closed the session (pg_terminate_backend, restart) or is
    # unreachable; InterfaceError: the connection was already closed under us.
    if isinstance(error, (psycopg2.OperationalError, psycopg2.InterfaceError)):
        return database_unavailable(str(error).strip() or type(error).__name__)
    return None
