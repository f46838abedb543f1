"""A correct Python target: the business row is locked (SELECT … FOR UPDATE) for the whole
look-up, buy, configure and save, so concurrent requests — on one instance or several sharing
the database — wait and then see the number. Before buying it looks at Twilio for a number
already tagged business:<id> and adopts it, so a purchase whose response was lost (dropped,
process killed, database session killed) is not bought a second time on retry. An
Idempotency-Key, when sent, replays the first final answer (idempotency_keys.py); correctness
does not depend on it.

    /usr/bin/python3 test/targets/python/correct.py   (with the environment the harness gives)
"""
import sys

sys.dont_write_bytecode = True  # keep the checkout clean when the harness runs us

from contract_server import friendly_name_for, onboarded, serve, webhook_urls_for  # noqa: E402
from idempotency_keys import with_idempotency_key  # noqa: E402


def complete_onboarding(deps, business, area_code, key=None, fingerprint=""):
    business_id = str(business["id"])
    return with_idempotency_key(deps["pool"], str(business["owner_id"]), key, business_id, fingerprint,
                                deps["env"].claim_lease_ms, lambda: locked_onboarding(deps, business_id, area_code))


def locked_onboarding(deps, business_id, area_code):
    env, pool, twilio = deps["env"], deps["pool"], deps["twilio"]
    with pool.transaction() as cur:
        cur.execute("SELECT phone_number FROM businesses WHERE id = %s FOR UPDATE", (business_id,))
        recorded = cur.fetchone()["phone_number"]
        if recorded:
            return onboarded(recorded, True)
        tag = friendly_name_for(business_id)
        urls = webhook_urls_for(env.public_base_url, business_id)
        adopted = twilio.find_by_friendly_name(tag)
        number = adopted[0] if adopted else twilio.buy(area_code, tag, urls["sms_url"], urls["voice_url"])
        twilio.configure(number["sid"], urls["sms_url"], urls["voice_url"])
        cur.execute(
            "UPDATE businesses SET phone_number = %s, phone_number_sid = %s, onboarding_status = 'complete' WHERE id = %s",
            (number["phone_number"], number["sid"], business_id))
        return onboarded(number["phone_number"], False)


if __name__ == "__main__":
    serve(complete_onboarding)
