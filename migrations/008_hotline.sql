-- Up Migration
-- The 12345 hotline integration (issue 4): the platforms that forward tickets,
-- every ticket received (the idempotency record), and the replies (回复) owed
-- to them, driven from the case event log.

-- A platform that forwards tickets. The secret signs both directions (HMAC);
-- it must be kept as is to compute signatures, so it is never returned by the
-- API after it is created or set.
CREATE TABLE hotline_sources (
  id            serial PRIMARY KEY,
  code          text NOT NULL,
  name          text NOT NULL,
  secret        text NOT NULL,
  callback_url  text,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT hotline_sources_code_key UNIQUE (code),
  CONSTRAINT hotline_sources_code_check CHECK (code ~ '^[a-z0-9][a-z0-9_-]{1,31}$')
);

-- One row per (source, ticket number), inserted and committed on its own
-- before the case is filed: a second delivery of the same ticket finds it and
-- answers 409 while it is 'processing', the stored answer once it is
-- 'filed' (or 'rejected'), 422 when its payload differs. `attempt` fences a
-- takeover after a crash: a processing row whose lease ran out may be taken
-- by the next delivery, and only the holder of the current attempt files.
CREATE TABLE hotline_tickets (
  id               bigserial PRIMARY KEY,
  source_id        integer NOT NULL REFERENCES hotline_sources (id),
  ticket_no        text NOT NULL,
  payload_hash     text NOT NULL,
  payload          jsonb NOT NULL,
  state            text NOT NULL DEFAULT 'processing',
  attempt          integer NOT NULL DEFAULT 1,
  lease_until      timestamptz NOT NULL,
  case_id          bigint REFERENCES cases (id),
  response_status  smallint,
  response_body    jsonb,
  received_at      timestamptz NOT NULL DEFAULT now(),
  answered_at      timestamptz,
  CONSTRAINT hotline_tickets_source_ticket_key UNIQUE (source_id, ticket_no),
  CONSTRAINT hotline_tickets_state_check CHECK (state IN ('processing', 'filed', 'rejected')),
  CONSTRAINT hotline_tickets_filed_has_case CHECK ((state = 'filed') = (case_id IS NOT NULL)),
  CONSTRAINT hotline_tickets_answered_check CHECK ((state = 'processing') = (response_status IS NULL))
);
CREATE INDEX hotline_tickets_case_id_idx ON hotline_tickets (case_id) WHERE case_id IS NOT NULL;

-- Cases merged into a case share its reply: the outbox walks merged_into backwards.
CREATE INDEX hotline_cases_merged_into_idx ON cases (merged_into) WHERE merged_into IS NOT NULL;

-- How far the reply worker has read case_events. seq order is commit order
-- (append_case_event), so every event at or below the newest visible seq has
-- committed and a cursor never skips one. One row, taken FOR UPDATE SKIP
-- LOCKED: one node scans at a time; the cursor moves in the same transaction
-- as the deliveries it queued. No ticket existed before this migration, so
-- earlier events owe nothing.
CREATE TABLE hotline_reply_cursor (
  id          boolean PRIMARY KEY DEFAULT true,
  last_seq    bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT hotline_reply_cursor_one_row CHECK (id)
);
INSERT INTO hotline_reply_cursor (last_seq) SELECT coalesce(max(seq), 0) FROM case_events;

-- A reply owed to a platform: one per ticket and case event (a case that is
-- disposed, reworked and disposed again replies twice). Claimed with FOR
-- UPDATE SKIP LOCKED; the claim pushes next_attempt_at forward as a lease,
-- so a node that dies mid-request leaves the row to be retried, never lost.
CREATE TABLE hotline_deliveries (
  id                bigserial PRIMARY KEY,
  ticket_id         bigint NOT NULL REFERENCES hotline_tickets (id),
  source_id         integer NOT NULL REFERENCES hotline_sources (id),
  -- The ticket's own case; the event may be about the case it was merged into.
  case_id           bigint NOT NULL REFERENCES cases (id),
  -- The case_events row that called for it. No foreign key: its check would
  -- take a ROW SHARE lock on case_events, which append_case_event's EXCLUSIVE
  -- lock conflicts with, and the outbox must never hold up the log.
  event_seq         bigint NOT NULL,
  kind              text NOT NULL,
  payload           jsonb NOT NULL,
  status            text NOT NULL DEFAULT 'pending',
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz NOT NULL DEFAULT now(),
  last_error        text,
  last_status_code  smallint,
  created_at        timestamptz NOT NULL DEFAULT now(),
  delivered_at      timestamptz,
  failed_at         timestamptz,
  resent_at         timestamptz,
  resent_by         integer REFERENCES users (id),
  CONSTRAINT hotline_deliveries_ticket_event_key UNIQUE (ticket_id, event_seq),
  CONSTRAINT hotline_deliveries_kind_check CHECK (kind IN ('disposed', 'closed')),
  CONSTRAINT hotline_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX hotline_deliveries_due_idx ON hotline_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX hotline_deliveries_status_idx ON hotline_deliveries (status, id);

-- Down Migration
DROP TABLE hotline_deliveries;
DROP TABLE hotline_reply_cursor;
DROP INDEX hotline_cases_merged_into_idx;
DROP TABLE hotline_tickets;
DROP TABLE hotline_sources;
