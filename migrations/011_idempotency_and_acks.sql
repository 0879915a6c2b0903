-- Up Migration
-- Squad phones retry what they could not send, so every phone action carries
-- an Idempotency-Key. The first request with a key claims it here (status
-- 'running'), and its answer is stored before it is sent ('done'); a repeat
-- gets the stored answer instead of applying the action again. Keys belong to
-- a user; rows expire and are deleted lazily.
CREATE TABLE idempotency_keys (
  user_id          integer NOT NULL REFERENCES users (id),
  key              uuid NOT NULL,
  -- sha256 of method, path and canonical body: the same key with another request is refused.
  fingerprint      text NOT NULL,
  method           text NOT NULL,
  path             text NOT NULL,
  status           text NOT NULL DEFAULT 'running',
  response_status  integer,
  response_type    text,
  response_body    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- A 'running' claim older than this was abandoned (its node died): it may be claimed again.
  locked_until     timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key),
  CONSTRAINT idempotency_keys_status_check CHECK (status IN ('running', 'done')),
  CONSTRAINT idempotency_keys_done_check CHECK ((status = 'done') = (response_status IS NOT NULL))
);
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);

-- An assignment reaches the squad's phone (delivered) and a person there
-- confirms having seen it (acknowledged); the dispatcher sees both.
ALTER TABLE assignments
  ADD COLUMN delivered_at timestamptz,
  ADD COLUMN acknowledged_at timestamptz;

-- Down Migration
ALTER TABLE assignments
  DROP COLUMN acknowledged_at,
  DROP COLUMN delivered_at;
DROP TABLE idempotency_keys;
