"""Twilio's 2010-04-01 REST API with nothing but urllib: HTTP Basic auth, form-encoded bodies,
JSON answers. TWILIO_API_BASE is the fake Twilio the harness runs (https://api.twilio.com in
production). Every failure becomes a contract error (503 TWILIO_UNAVAILABLE, or 400
INVALID_AREA_CODE for Twilio's 21451/21452).
"""
import base64
import json
import urllib.error
import urllib.parse
import urllib.request

from http_errors import HttpError, twilio_unavailable


class TwilioNumbers:
    def __init__(self, api_base: str, account_sid: str, auth_token: str, timeout_s: float):
        self._root = f"{api_base}/2010-04-01/Accounts/{account_sid}"
        credentials = base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        self._auth = f"Basic {credentials}"
        self._timeout_s = timeout_s

    def _call(self, method: str, path: str, params: dict):
        url = f"{self._root}{path}"
        data = None
        encoded = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        if method == "GET":
            url = f"{url}?{encoded}" if encoded else url
        else:
            data = encoded.encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", self._auth)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout_s) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise _twilio_error(error) from error
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError, ValueError) as error:
            # No answer, a dropped connection, a timeout, or a body that is not JSON: we do not
            # know whether a purchase committed, which is why onboarding looks before it buys.
            raise twilio_unavailable(f"{method} {path}: {error}") from error

    def buy(self, area_code: str, friendly_name: str, sms_url: str, voice_url: str) -> dict:
        return self._call("POST", "/IncomingPhoneNumbers.json", {
            "AreaCode": area_code, "FriendlyName": friendly_name, "SmsUrl": sms_url, "VoiceUrl": voice_url,
        })

    def configure(self, sid: str, sms_url: str, voice_url: str) -> dict:
        """The webhook-configuration call the incident's app made after buying."""
        return self._call("POST", f"/IncomingPhoneNumbers/{sid}.json", {"SmsUrl": sms_url, "VoiceUrl": voice_url})

    def find_by_friendly_name(self, friendly_name: str) -> list:
        """Active numbers whose FriendlyName is exactly `friendly_name` (Twilio matches exactly)."""
        page = self._call("GET", "/IncomingPhoneNumbers.json", {"FriendlyName": friendly_name, "PageSize": 50})
        return page.get("incoming_phone_numbers", [])


def _twilio_error(error: urllib.error.HTTPError) -> HttpError:
    try:
        envelope = json.loads(error.read() or b"{}")
    except ValueError:
        envelope = {}
    code = envelope.get("code")
    if code in (21451, 21452):
        return HttpError(400, "INVALID_AREA_CODE", str(envelope.get("message", "bad area code")))
    return twilio_unavailable(f"{error.code} {code or ''} {envelope.get('message', '')}".strip())
