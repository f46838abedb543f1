-- Up Migration

-- The id of the attempt that holds the claim. A claim whose COMMIT reply was lost with its
-- connection is retried; the retry recognises its own claim by this id instead of waiting
-- for its own lease to run out.
ALTER TABLE businesses ADD COLUMN attempt_id uuid;

-- Down Migration
ALTER TABLE businesses DROP COLUMN attempt_id;
