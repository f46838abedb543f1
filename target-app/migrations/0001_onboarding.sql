-- Up Migration

-- A business is onboarded when it has a phone number. attempt_fence and lease_expires_at
-- belong to the idempotent strategy: the claim that lets one attempt at a time talk to Twilio,
-- and the fence that stops a stale attempt from overwriting a newer one.
CREATE TABLE businesses (
  id                uuid PRIMARY KEY,
  owner_id          uuid NOT NULL,
  name              text NOT NULL,
  area_code         text NOT NULL,
  phone_number      text UNIQUE,
  phone_number_sid  text UNIQUE,
  onboarding_status text NOT NULL DEFAULT 'pending'
                    CHECK (onboarding_status IN ('pending', 'provisioning', 'complete', 'failed')),
  attempt_fence     bigint NOT NULL DEFAULT 0,
  lease_expires_at  timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX businesses_owner_id_idx ON businesses (owner_id);

-- Replays of final responses per (owner, Idempotency-Key). A row without a response is a
-- request still running (or one whose answer must not be replayed: 409/429/503).
CREATE TABLE idempotency_keys (
  owner_id        uuid NOT NULL,
  key             text NOT NULL,
  business_id     uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  request_hash    text NOT NULL,
  response_status integer,
  response_body   jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  PRIMARY KEY (owner_id, key)
);
CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);

-- Numbers found at Twilio for a business that already had one, released during recovery.
CREATE TABLE released_duplicates (
  id                bigserial PRIMARY KEY,
  business_id       uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  sid               text NOT NULL UNIQUE,
  phone_number      text NOT NULL,
  kept_phone_number text NOT NULL,
  released_at       timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE released_duplicates;
DROP TABLE idempotency_keys;
DROP TABLE businesses;
