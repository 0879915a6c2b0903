-- Up Migration
-- Every change of a squad's status, and why: set by a person (manual), taken
-- by an assignment (assigned), or given back when its last case was disposed
-- (released). Positions are telemetry, not state, and are not logged here.
CREATE TABLE squad_status_events (
  id           bigserial PRIMARY KEY,
  squad_id     integer NOT NULL REFERENCES squads (id),
  from_status  text NOT NULL,
  to_status    text NOT NULL,
  reason       text NOT NULL,
  actor_id     integer REFERENCES users (id),
  case_id      bigint REFERENCES cases (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT squad_status_events_reason_check CHECK (reason IN ('manual', 'assigned', 'released'))
);
CREATE INDEX squad_status_events_squad_idx ON squad_status_events (squad_id, id);

-- Down Migration
DROP TABLE squad_status_events;
