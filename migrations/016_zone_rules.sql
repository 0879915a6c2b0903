-- Up Migration
-- What the zones of 003 mean (docs/merchants.md): vending points and night
-- markets have opening hours; control areas (庙会 …) a start and an end and a
-- public notice; grids an owning squad; a pilot area is a polygon the bureau
-- reports its KPIs on. Zones are now edited by admins and imported from GeoJSON.
ALTER TABLE zones DROP CONSTRAINT zones_kind_check;
ALTER TABLE zones ADD CONSTRAINT zones_kind_check
  CHECK (kind IN ('vending', 'night_market', 'control', 'grid', 'pilot'));

ALTER TABLE zones
  -- [{days: [1..7] (ISO weekday, 1 = Monday), start: 'HH:MM', end: 'HH:MM'}];
  -- end before start runs past midnight (a night market 18:00–02:00). Empty = always.
  ADD COLUMN opening_hours  jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN starts_at      timestamptz,
  ADD COLUMN ends_at        timestamptz,
  ADD COLUMN notice         text,
  ADD COLUMN owner_squad_id integer REFERENCES squads (id) ON DELETE SET NULL,
  ADD COLUMN updated_at     timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT zones_period_check CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at);
CREATE INDEX zones_owner_squad_idx ON zones (owner_squad_id) WHERE owner_squad_id IS NOT NULL;

-- A street-occupation complaint inside a designated zone during its hours:
-- the zone it was probably permitted in (set when the case is filed or located).
ALTER TABLE cases ADD COLUMN permitted_zone_id integer REFERENCES zones (id) ON DELETE SET NULL;

-- Every change to a zone, by whom and from where (the editor or an import).
-- No foreign key: a deleted zone keeps its history.
CREATE TABLE zone_events (
  seq         bigserial PRIMARY KEY,
  zone_id     integer NOT NULL,
  action      text NOT NULL,
  kind        text NOT NULL,
  name        text NOT NULL,
  actor_id    integer REFERENCES users (id),
  at          timestamptz NOT NULL DEFAULT now(),
  -- {source: 'editor' | 'import', before?: {…the fields as they were}}
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb,
  CONSTRAINT zone_events_action_check CHECK (action IN ('created', 'updated', 'deleted'))
);
CREATE INDEX zone_events_zone_idx ON zone_events (zone_id, seq);

-- Down Migration
DROP TABLE zone_events;
ALTER TABLE cases DROP COLUMN permitted_zone_id;
DROP INDEX zones_owner_squad_idx;
ALTER TABLE zones DROP CONSTRAINT zones_period_check,
  DROP COLUMN updated_at, DROP COLUMN owner_squad_id, DROP COLUMN notice, DROP COLUMN ends_at,
  DROP COLUMN starts_at, DROP COLUMN opening_hours;
ALTER TABLE zones DROP CONSTRAINT zones_kind_check;
ALTER TABLE zones ADD CONSTRAINT zones_kind_check CHECK (kind IN ('vending', 'night_market', 'control', 'grid'));
