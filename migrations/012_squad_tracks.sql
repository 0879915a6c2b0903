-- Up Migration
-- Squad positions are telemetry: up to thousands of fixes a second across a
-- district, each carrying the phone's own fix time and accuracy. They live in
-- tables of their own so that a ping never takes a lock a case transition
-- waits for: assignments lock `squads` rows (FOR UPDATE), and a position
-- written to that row would queue behind them or hold them up.
-- For the same reason neither table has a foreign key to `squads`: the key
-- check would take FOR KEY SHARE on the squad row, which conflicts with
-- FOR UPDATE. The writer checks that the squad exists with a plain read.

-- The latest fix per squad. A fix replaces it only when it is newer (`at`),
-- so a fix delivered late never moves a squad backwards. `track_*` is the
-- last point kept in the track, which the downsampling compares against.
CREATE TABLE squad_positions (
  squad_id        integer NOT NULL,
  position        geography(Point, 4326) NOT NULL,
  -- When the fix was taken (the phone's clock, corrected to the server's).
  at              timestamptz NOT NULL,
  accuracy_m      real,
  received_at     timestamptz NOT NULL DEFAULT now(),
  track_position  geography(Point, 4326),
  track_at        timestamptz,
  CONSTRAINT squad_positions_pkey PRIMARY KEY (squad_id)
);
-- KNN for recommendations: ORDER BY position <-> $point, ranked in metres.
CREATE INDEX squad_positions_position_idx ON squad_positions USING gist (position);
-- On duty every row is rewritten every few seconds, never as a HOT update (the
-- position is indexed). Vacuum and analyze it after 2 % of its rows changed,
-- not the default 20 % / 10 %: else its index bloats, and the planner's idea of
-- how many fixes are fresh lags (stale statistics turned the KNN into a
-- sequential scan and sort in the bench, ~20 ms at 10,000 squads).
ALTER TABLE squad_positions SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

-- The downsampled track: a fix is kept when the squad moved more than a
-- distance, or a time passed, since the last kept point (server config).
CREATE TABLE squad_track_points (
  squad_id    integer NOT NULL,
  at          timestamptz NOT NULL,
  position    geography(Point, 4326) NOT NULL,
  accuracy_m  real,
  CONSTRAINT squad_track_points_pkey PRIMARY KEY (squad_id, at)
);
-- Retention deletes by time; rows arrive in time order, so a BRIN index is
-- enough and costs next to nothing on insert.
CREATE INDEX squad_track_points_at_idx ON squad_track_points USING brin (at);

-- `squads.position` stays the place where a position is set by hand (the
-- demo seed, test fixtures, an administrator): such a write becomes the
-- squad's latest fix, whatever its time. Live fixes never touch `squads`.
COMMENT ON COLUMN squads.position IS
  'A position set by hand (seed, fixtures); copied into squad_positions. Live fixes are only in squad_positions.';

INSERT INTO squad_positions (squad_id, position, at)
SELECT id, position, coalesce(position_at, now()) FROM squads WHERE position IS NOT NULL;

CREATE FUNCTION squads_copy_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.position IS NULL THEN
    DELETE FROM squad_positions WHERE squad_id = NEW.id;
  ELSE
    INSERT INTO squad_positions (squad_id, position, at)
    VALUES (NEW.id, NEW.position, coalesce(NEW.position_at, now()))
    ON CONFLICT (squad_id) DO UPDATE
      SET position = EXCLUDED.position, at = EXCLUDED.at, accuracy_m = NULL, received_at = now();
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER squads_copy_position
  AFTER INSERT OR UPDATE OF position, position_at ON squads
  FOR EACH ROW EXECUTE FUNCTION squads_copy_position();

-- Down Migration
DROP TRIGGER squads_copy_position ON squads;
DROP FUNCTION squads_copy_position();
COMMENT ON COLUMN squads.position IS NULL;
DROP TABLE squad_track_points;
DROP TABLE squad_positions;
