-- Up Migration
-- The full case lifecycle, the legal clocks and the 督办 ladder
-- (docs/lifecycle.md). The category catalogue itself is seeded by
-- server/src/modules/categories/standard-catalogue.ts after migrations run.

-- Each category's time limit per stage, e.g.
-- {"dispose": {"amount": 2, "unit": "working_hours"}} (shared/src/clocks.ts).
ALTER TABLE categories
  ADD COLUMN limits jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN active boolean NOT NULL DEFAULT true;

ALTER TABLE cases
  -- The category's limits as they were when the case was filed: an
  -- administrator's later change applies to new cases only.
  ADD COLUMN time_limits jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- A hotline ticket's own deadline to dispose; it wins over the category's limit.
  ADD COLUMN ticket_due_at timestamptz,
  ADD COLUMN supervised boolean NOT NULL DEFAULT false,
  ADD COLUMN supervision_comment text,
  -- The pending extension request, if any: {stage, extendBy, reason, requestedBy, requestedAt}.
  ADD COLUMN extension_request jsonb,
  ADD COLUMN rework_count integer NOT NULL DEFAULT 0,
  ADD COLUMN merged_into bigint REFERENCES cases (id),
  ADD COLUMN feedback_given boolean NOT NULL DEFAULT false,
  ADD COLUMN satisfaction text,
  ADD CONSTRAINT cases_status_check CHECK (status IN (
    'received', 'registered', 'not_registered', 'dispatched', 'returned', 'accepted',
    'en_route', 'on_scene', 'disposed', 'closed', 'merged')),
  ADD CONSTRAINT cases_satisfaction_check CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  ADD CONSTRAINT cases_merged_into_check CHECK ((status = 'merged') = (merged_into IS NOT NULL));

ALTER TABLE assignments DROP CONSTRAINT assignments_status_check;
ALTER TABLE assignments ADD CONSTRAINT assignments_status_check
  CHECK (status IN ('assigned', 'accepted', 'disposed', 'withdrawn', 'returned'));

-- One row per clock a case runs. Stored when the stage starts, so the
-- deadline never moves under a case when settings or the calendar change,
-- except by an approved extension (which restarts nothing: it moves due_at).
CREATE TABLE case_deadlines (
  id            bigserial PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases (id),
  stage         text NOT NULL,
  started_at    timestamptz NOT NULL,
  warn_at       timestamptz NOT NULL,
  due_at        timestamptz NOT NULL,
  limit_amount  integer,
  limit_unit    text,
  source        text NOT NULL,
  met_at        timestamptz,
  -- Stopped without being met: the case was merged, not registered, or sent back.
  cancelled_at  timestamptz,
  CONSTRAINT case_deadlines_stage_check CHECK (stage IN ('register', 'arrive', 'dispose', 'close')),
  CONSTRAINT case_deadlines_source_check CHECK (source IN ('category', 'ticket', 'extension')),
  CONSTRAINT case_deadlines_unit_check CHECK (limit_unit IN ('minutes', 'working_hours', 'working_days'))
);
CREATE UNIQUE INDEX case_deadlines_one_running ON case_deadlines (case_id, stage)
  WHERE met_at IS NULL AND cancelled_at IS NULL;

-- The sweeper's queue: each step of the ladder for each deadline, due at a
-- fixed time. A step fires once: the node that fires it sets fired_at in the
-- same transaction as the case:escalated event, having taken the row with
-- FOR UPDATE SKIP LOCKED, so any number of nodes share the queue and a step
-- that fell due while every node was down fires on the first sweep after.
CREATE TABLE escalation_steps (
  id            bigserial PRIMARY KEY,
  deadline_id   bigint NOT NULL REFERENCES case_deadlines (id),
  case_id       bigint NOT NULL REFERENCES cases (id),
  step          text NOT NULL,
  due_at        timestamptz NOT NULL,
  fired_at      timestamptz,
  -- The case:escalated event it produced; NULL when a later step of the same
  -- deadline was due at the same sweep and superseded it.
  event_seq     bigint,
  cancelled_at  timestamptz,
  CONSTRAINT escalation_steps_step_check CHECK (step IN ('warning', 'reminder', 'notice', 'reprimand'))
);
CREATE UNIQUE INDEX escalation_steps_one_live ON escalation_steps (deadline_id, step) WHERE cancelled_at IS NULL;
CREATE INDEX escalation_steps_pending_idx ON escalation_steps (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;

-- Dates the bureau declares working or not over the calendar package, e.g.
-- next year's 调休 once the State Council publishes it.
CREATE TABLE calendar_overrides (
  date        date PRIMARY KEY,
  working     boolean NOT NULL,
  note        text,
  updated_by  integer REFERENCES users (id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Evidence photos attached to a case (disposal, patrol findings). Kept in the
-- database so every node and the embedded mode see the same files.
CREATE TABLE case_photos (
  id            bigserial PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases (id),
  content_type  text NOT NULL,
  bytes         bytea NOT NULL,
  sha256        text NOT NULL,
  uploaded_by   integer NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT case_photos_case_sha_key UNIQUE (case_id, sha256)
);

-- Down Migration
DROP TABLE case_photos;
DROP TABLE calendar_overrides;
DROP TABLE escalation_steps;
DROP TABLE case_deadlines;
ALTER TABLE assignments DROP CONSTRAINT assignments_status_check;
ALTER TABLE assignments ADD CONSTRAINT assignments_status_check
  CHECK (status IN ('assigned', 'accepted', 'disposed', 'withdrawn'));
ALTER TABLE cases
  DROP CONSTRAINT cases_merged_into_check,
  DROP CONSTRAINT cases_satisfaction_check,
  DROP CONSTRAINT cases_status_check,
  DROP COLUMN satisfaction,
  DROP COLUMN feedback_given,
  DROP COLUMN merged_into,
  DROP COLUMN rework_count,
  DROP COLUMN extension_request,
  DROP COLUMN supervision_comment,
  DROP COLUMN supervised,
  DROP COLUMN ticket_due_at,
  DROP COLUMN time_limits;
ALTER TABLE categories DROP COLUMN active, DROP COLUMN limits;
