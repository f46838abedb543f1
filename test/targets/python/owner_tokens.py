"""Owner tokens: HS256 JWTs signed with JWT_SECRET whose `sub` is the owner's id, made with the
standard library (hmac) so the example needs no JWT package. The harness never reads them: it
passes back whatever the fixtures endpoint returned as `ownerToken`.
"""
import base64
import hashlib
import hmac
import json


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_HEADER = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())


def sign(secret: bytes, owner_id: str) -> str:
    payload = _b64url(json.dumps({"sub": owner_id}, separators=(",", ":")).encode())
    signature = hmac.new(secret, f"{_HEADER}.{payload}".encode("ascii"), hashlib.sha256).digest()
    return f"{_HEADER}.{payload}.{_b64url(signature)}"


def owner_of(secret: bytes, token: str):
    """The owner id a valid token names, or None (bad shape, algorithm or signature)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        header = json.loads(_unb64url(parts[0]))
        expected = hmac.new(secret, f"{parts[0]}.{parts[1]}".encode("ascii"), hashlib.sha256).digest()
        if header.get("alg") != "HS256" or not hmac.compare_digest(expected, _unb64url(parts[2])):
            return None
        subject = json.loads(_unb64url(parts[1])).get("sub")
    except (ValueError, UnicodeError, AttributeError):
        return None
    return subject if isinstance(subject, str) else None
