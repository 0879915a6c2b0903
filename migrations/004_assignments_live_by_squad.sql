-- Up Migration
-- A squad's live assignments are counted for every squad listed and every
-- recommendation, and checked when it is released; index exactly those rows.
CREATE INDEX assignments_live_by_squad_idx ON assignments (squad_id) WHERE status IN ('assigned', 'accepted');

-- Down Migration
DROP INDEX assignments_live_by_squad_idx;
