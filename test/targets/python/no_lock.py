"""Planted defect: the incident's check-then-act. It reads the phone number, buys one if there
is none, and saves it — no lock, no transaction around the three. Concurrent requests of one
business all read "no number" during the ~400 ms purchase and each buys one, which the harness
reports as EXACTLY_ONE_PURCHASE and NO_ORPHANS (and, as consequences, DB_MATCHES_TWILIO and
CONSISTENT_RESPONSES). Compare correct.py.

    /usr/bin/python3 test/targets/python/no_lock.py   (with the environment the harness gives)
"""
import sys

sys.dont_write_bytecode = True  # keep the checkout clean when the harness runs us

from contract_server import friendly_name_for, onboarded, serve, webhook_urls_for  # noqa: E402


def complete_onboarding(deps, business, area_code, key=None, fingerprint=""):  # ignores the key
    env, pool, twilio = deps["env"], deps["pool"], deps["twilio"]
    business_id = str(business["id"])
    rows = pool.query("SELECT phone_number FROM businesses WHERE id = %s", (business_id,))
    if rows[0]["phone_number"]:
        return onboarded(rows[0]["phone_number"], True)
    urls = webhook_urls_for(env.public_base_url, business_id)
    number = twilio.buy(area_code, friendly_name_for(business_id), urls["sms_url"], urls["voice_url"])
    twilio.configure(number["sid"], urls["sms_url"], urls["voice_url"])
    pool.query(
        "UPDATE businesses SET phone_number = %s, phone_number_sid = %s, onboarding_status = 'complete' WHERE id = %s",
        (number["phone_number"], number["sid"], business_id))
    return onboarded(number["phone_number"], False)


if __name__ == "__main__":
    serve(complete_onboarding)
