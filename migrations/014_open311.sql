-- Up Migration
-- Open311 GeoReport v2 (issue 4, docs/open311.md): the clients allowed to
-- file service requests, each with its own key, and what a request carried
-- that a case has no column for.

-- A client that may POST requests. Only the key's SHA-256 is stored: the key
-- is shown once, when it is created, so a leaked table cannot be replayed.
-- A revoked key stays, so that the cases it filed still name their client.
CREATE TABLE open311_keys (
  id                     serial PRIMARY KEY,
  name                   text NOT NULL,
  key_hash               text NOT NULL,
  active                 boolean NOT NULL DEFAULT true,
  -- Service requests the client may file per minute.
  rate_limit_per_minute  integer NOT NULL DEFAULT 60,
  created_by             integer REFERENCES users (id),
  created_at             timestamptz NOT NULL DEFAULT now(),
  revoked_at             timestamptz,
  last_used_at           timestamptz,
  CONSTRAINT open311_keys_key_hash_key UNIQUE (key_hash),
  CONSTRAINT open311_keys_key_hash_check CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT open311_keys_name_check CHECK (length(name) BETWEEN 1 AND 100),
  CONSTRAINT open311_keys_rate_limit_check CHECK (rate_limit_per_minute BETWEEN 1 AND 10000),
  CONSTRAINT open311_keys_revoked_check CHECK (active = (revoked_at IS NULL))
);

-- One row per case filed through Open311, in the same transaction as the
-- case: which client filed it, and the submitter's contact details that a
-- case has no column for. Never part of a GET answer.
CREATE TABLE open311_requests (
  case_id     bigint PRIMARY KEY REFERENCES cases (id),
  key_id      integer NOT NULL REFERENCES open311_keys (id),
  email       text,
  device_id   text,
  account_id  text,
  media_url   text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX open311_requests_key_id_idx ON open311_requests (key_id);

-- GET requests lists by requested_datetime (the case's created_at) over a
-- window of at most 90 days, newest first.
CREATE INDEX open311_cases_created_at_idx ON cases (created_at);

-- Down Migration
DROP INDEX open311_cases_created_at_idx;
DROP TABLE open311_requests;
DROP TABLE open311_keys;
