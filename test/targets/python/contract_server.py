"""What both Python targets share: the HTTP contract (docs/target-contract.md) on Flask, served by
werkzeug's threaded server, with the onboarding itself passed in. Each request runs on its own
thread, so concurrent requests really overlap, as they do behind gunicorn or uWSGI.
"""
import json
import logging
import re
import signal
import sys
import time
import uuid
from pathlib import Path

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server

import owner_tokens
from idempotency_keys import SCHEMA as KEY_SCHEMA, fingerprint_of
from db_pool import WaitingPool
from http_errors import HttpError, known_error
from target_env import read_env
from twilio_numbers import TwilioNumbers

PAGE = (Path(__file__).parent / "onboarding.html").read_text(encoding="utf-8")
AREA_CODE = re.compile(r"^[2-9]\d{2}$")
# Printable ASCII without space, 1–255 characters, as the IETF Idempotency-Key draft allows.
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


def friendly_name_for(business_id: str) -> str:
    """The tag that attributes a Twilio number to its business."""
    return f"business:{business_id}"


def webhook_urls_for(public_base_url: str, business_id: str) -> dict:
    return {"sms_url": f"{public_base_url}/api/twilio/sms/{business_id}",
            "voice_url": f"{public_base_url}/api/twilio/voice/{business_id}"}


def onboarded(phone_number: str, already_complete: bool):
    return 200, {"success": True, "phoneNumber": phone_number, "alreadyComplete": already_complete}


def _json_body() -> dict:
    text = request.get_data(as_text=True)
    if text.strip() == "":
        return {}
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise HttpError(400, "INVALID_REQUEST_BODY", "the body must be a JSON object")
    return body


def _business_id(raw: str) -> str:
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise HttpError(400, "INVALID_BUSINESS_ID", f"{raw} is not a business id") from None


def _owner() -> str:
    match = re.match(r"^Bearer\s+(\S+)$", request.headers.get("Authorization", ""), re.IGNORECASE)
    owner = owner_tokens.owner_of(g.deps["env"].jwt_secret, match.group(1)) if match else None
    if owner is None:
        raise HttpError(401, "UNAUTHENTICATED", "send Authorization: Bearer <owner token>")
    return owner


def _owned_business(business_id: str, owner: str) -> dict:
    rows = g.deps["pool"].query("SELECT * FROM businesses WHERE id = %s", (business_id,))
    if not rows:
        raise HttpError(404, "BUSINESS_NOT_FOUND", f"no business {business_id}")
    if str(rows[0]["owner_id"]) != owner:
        raise HttpError(403, "FORBIDDEN", "not your business")
    return rows[0]


def _view(b: dict) -> dict:
    return {"id": str(b["id"]), "name": b["name"], "phoneNumber": b["phone_number"], "onboardingStatus": b["onboarding_status"]}


def _create_fixtures(body: dict):
    count = body.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 10_000:
        raise HttpError(400, "INVALID_REQUEST_BODY", "count: a whole number 1..10000")
    area_code = str(body.get("areaCode", "828"))
    names = body.get("names") or []
    names = [names[i] if i < len(names) else f"Business {i + 1}" for i in range(count)]
    shared = str(uuid.uuid4()) if body.get("sharedOwner") is True else None
    owners = [shared or str(uuid.uuid4()) for _ in range(count)]
    rows = g.deps["pool"].query(
        """INSERT INTO businesses (owner_id, name, area_code)
           SELECT o::uuid, n, %s FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS t(n, o, i) ORDER BY i
           RETURNING id, name, owner_id, seq""",
        (area_code, names, owners))
    rows.sort(key=lambda r: r["seq"])
    secret = g.deps["env"].jwt_secret
    return 201, {"businesses": [{"id": str(r["id"]), "name": r["name"], "ownerToken": owner_tokens.sign(secret, str(r["owner_id"]))} for r in rows]}


def create_app(deps: dict) -> Flask:
    app = Flask("python-target")

    @app.before_request
    def arrived():
        request.get_data()  # the whole body is in: this is the request's arrival time
        g.arrival_ns = str(time.monotonic_ns())  # CLOCK_MONOTONIC, the clock of Node's hrtime
        g.deps = deps

    @app.get("/healthz")
    def healthz():
        return {"ok": True}

    @app.get("/onboarding.html")
    def onboarding_page():  # optional in the contract: lets rapid-clicks click a real page
        return Response(PAGE, mimetype="text/html")

    @app.post("/__fixtures/businesses")
    def fixtures():
        if not deps["env"].fixtures_enabled:
            raise HttpError(404, "NOT_FOUND", "fixtures are off (FIXTURES_ENABLED=1 turns them on)")
        status, body = _create_fixtures(_json_body())
        return body, status

    @app.get("/api/businesses/<raw_id>")
    def read_business(raw_id):
        business_id = _business_id(raw_id)
        return _view(_owned_business(business_id, _owner()))

    @app.post("/api/businesses/<raw_id>/complete-onboarding")
    def complete_onboarding(raw_id):
        business_id = _business_id(raw_id)
        owner = _owner()
        key = request.headers.get("Idempotency-Key")
        if key is not None and not IDEMPOTENCY_KEY.match(key):
            raise HttpError(400, "INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1-255 printable ASCII characters")
        area_code = _json_body().get("areaCode")
        if area_code is not None and not (isinstance(area_code, str) and AREA_CODE.match(area_code)):
            raise HttpError(400, "INVALID_AREA_CODE", f"{area_code!r} is not an area code such as \"828\"")
        business = _owned_business(business_id, owner)
        status, body = deps["complete_onboarding"](deps, business, area_code or business["area_code"],
                                                   key=key, fingerprint=fingerprint_of(request.get_data()))
        return body, status

    @app.errorhandler(Exception)
    def answer_error(error):
        if isinstance(error, HTTPException):  # Flask's own 404/405: same body shape as ours
            error = HttpError(error.code or 500, "NOT_FOUND" if error.code == 404 else "METHOD_NOT_ALLOWED", error.description or "")
        known = known_error(error)
        if known is None:
            logging.getLogger("python-target").exception("unhandled error")
            known = HttpError(500, "INTERNAL_ERROR", str(error))
        return Response(json.dumps(known.body()), status=known.status, headers=known.headers, mimetype="application/json")

    @app.after_request
    def stamp(response):
        response.headers["X-Arrival-Ns"] = getattr(g, "arrival_ns", str(time.monotonic_ns()))
        return response

    return app


def serve(complete_onboarding) -> None:
    """Starts a target whose onboarding is `complete_onboarding(deps, business, area_code, key=,
    fingerprint=)` (key: the request's Idempotency-Key or None; fingerprint: a hash of its body),
    returning (status, body) or raising HttpError; anything else raised becomes a 500."""
    logging.basicConfig(stream=sys.stderr, level=logging.INFO)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    env = read_env()
    pool = WaitingPool(env.database_url, env.db_pool_max)
    pool.create_schema(KEY_SCHEMA)
    twilio = TwilioNumbers(env.twilio_api_base, env.twilio_account_sid, env.twilio_auth_token, env.twilio_timeout_s)
    deps = {"env": env, "pool": pool, "twilio": twilio, "complete_onboarding": complete_onboarding}
    server = make_server("127.0.0.1", env.port, create_app(deps), threaded=True)

    def stop(signum, _frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # Printed once the socket is bound (make_server binds), so the port is the real one.
    print(f"target-app listening on http://127.0.0.1:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        pool.close()
