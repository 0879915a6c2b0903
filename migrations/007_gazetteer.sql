-- Up Migration
-- The gazetteer the Chinese address geocoder matches against (docs: issue 4).
-- Roads stay lines in `roads`; gazetteer_entries holds one point per name:
-- roads (a point on the line), intersections (derived from the road lines by
-- gazetteer_refresh(), or imported), landmarks, communities, house numbers
-- and sub-districts, with optional aliases (万达 for 惠济万达广场).
-- SQL here runs on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PG 18 + PostGIS 3.6).

ALTER TABLE gazetteer_entries DROP CONSTRAINT gazetteer_entries_kind_check;
ALTER TABLE gazetteer_entries
  ADD CONSTRAINT gazetteer_entries_kind_check
    CHECK (kind IN ('road', 'intersection', 'landmark', 'community', 'house_number', 'sub_district'));

ALTER TABLE gazetteer_entries
  ADD COLUMN aliases       text[] NOT NULL DEFAULT '{}',
  -- house_number: the road it is on; intersection: the first road.
  ADD COLUMN road          text,
  -- intersection: the second road.
  ADD COLUMN cross_road    text,
  -- house_number: the number to interpolate by (12 for "12-3号") and the number as written.
  ADD COLUMN house_number  integer,
  ADD COLUMN house_label   text,
  -- manual (written by hand or by older code), import (a gazetteer import), derived (gazetteer_refresh).
  ADD COLUMN source        text NOT NULL DEFAULT 'manual',
  ADD COLUMN import_id     bigint,
  ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT gazetteer_entries_source_check CHECK (source IN ('manual', 'import', 'derived')),
  ADD CONSTRAINT gazetteer_entries_house_number_check
    CHECK (kind <> 'house_number' OR (road IS NOT NULL AND house_number IS NOT NULL)),
  ADD CONSTRAINT gazetteer_entries_intersection_check
    CHECK (kind <> 'intersection' OR (road IS NOT NULL AND cross_road IS NOT NULL));

CREATE INDEX gazetteer_entries_house_number_idx ON gazetteer_entries (road, house_number) WHERE kind = 'house_number';
CREATE INDEX gazetteer_entries_intersection_idx ON gazetteer_entries (road, cross_road) WHERE kind = 'intersection';
CREATE INDEX roads_name_idx ON roads (name);

-- Every name and alias a free-text address may contain, kept by a trigger so
-- that rows written by any path (import, seed, tests, psql) are searchable.
-- `chars` is the name with a space after each character: pg_trgm then
-- compares sets of characters, which suits two- to six-character Chinese
-- names (英材街 ~ 英才街 scores 0.5; as one word it would score 0.14).
-- House numbers and intersections are found by their road, not by name.
CREATE TABLE gazetteer_names (
  entry_id   integer NOT NULL REFERENCES gazetteer_entries (id) ON DELETE CASCADE,
  name       text NOT NULL,
  chars      text NOT NULL,
  kind       text NOT NULL,
  is_alias   boolean NOT NULL,
  CONSTRAINT gazetteer_names_pkey PRIMARY KEY (entry_id, name)
);
CREATE INDEX gazetteer_names_name_idx ON gazetteer_names (name);
-- fastupdate off: an import writes many names at once, and a pending list
-- left behind would be scanned by every lookup until the next vacuum.
CREATE INDEX gazetteer_names_chars_trgm_idx ON gazetteer_names USING gin (chars gin_trgm_ops) WITH (fastupdate = off);

CREATE FUNCTION gazetteer_names_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A re-import rewrites every row; names that did not change stay as they are.
  IF TG_OP = 'UPDATE' AND OLD.name = NEW.name AND OLD.kind = NEW.kind AND OLD.aliases = NEW.aliases THEN
    RETURN NULL;
  END IF;
  DELETE FROM gazetteer_names WHERE entry_id = NEW.id;
  IF NEW.kind NOT IN ('house_number', 'intersection') THEN
    INSERT INTO gazetteer_names (entry_id, name, chars, kind, is_alias)
    SELECT NEW.id, n, regexp_replace(n, '(.)', '\1 ', 'g'), NEW.kind, n <> NEW.name
      FROM (SELECT DISTINCT unnest(array_prepend(NEW.name, NEW.aliases)) AS n) names
     WHERE n IS NOT NULL AND n <> '';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER gazetteer_entries_names_sync
  AFTER INSERT OR UPDATE OF name, kind, aliases ON gazetteer_entries
  FOR EACH ROW EXECUTE FUNCTION gazetteer_names_sync();

-- Rows written before this migration.
INSERT INTO gazetteer_names (entry_id, name, chars, kind, is_alias)
SELECT id, name, regexp_replace(name, '(.)', '\1 ', 'g'), kind, false
  FROM gazetteer_entries WHERE kind NOT IN ('house_number', 'intersection');

-- Derived entries, recomputed after every import: each road's point (halfway
-- along it when it is one line, else the point of it nearest its centre) and
-- an intersection wherever two differently named roads meet or pass within
-- about 20 m (a T-junction drawn a little short). Imported entries of the
-- same name win over derived ones. Answers the number of intersections.
CREATE FUNCTION gazetteer_refresh() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  crossings integer;
BEGIN
  INSERT INTO gazetteer_entries AS g (name, kind, point, source)
  SELECT name, 'road',
         CASE WHEN GeometryType(geom) = 'LINESTRING' THEN ST_LineInterpolatePoint(geom, 0.5)
              ELSE ST_ClosestPoint(geom, ST_Centroid(geom)) END,
         'derived'
    FROM (SELECT name, ST_LineMerge(ST_Union(geom)) AS geom FROM roads GROUP BY name) merged
  ON CONFLICT (name, kind) DO UPDATE SET point = EXCLUDED.point, updated_at = now()
    WHERE NOT ST_Equals(g.point, EXCLUDED.point);

  DELETE FROM gazetteer_entries WHERE kind = 'intersection' AND source = 'derived';
  -- Pairs of road rows found through the GiST index; where two roads meet
  -- more than once the first crossing is kept, and a true crossing wins
  -- over a near miss.
  INSERT INTO gazetteer_entries (name, kind, point, aliases, road, cross_road, source)
  SELECT DISTINCT ON (road, cross_road)
         road || '与' || cross_road, 'intersection', point, ARRAY[cross_road || '与' || road], road, cross_road, 'derived'
    FROM (SELECT a.name AS road, b.name AS cross_road, a.id AS a_id, b.id AS b_id,
                 ST_Intersects(a.geom, b.geom) AS crosses,
                 CASE WHEN ST_Intersects(a.geom, b.geom)
                      THEN ST_ClosestPoint(ST_Intersection(a.geom, b.geom), ST_Centroid(ST_Intersection(a.geom, b.geom)))
                      ELSE ST_Centroid(ST_ShortestLine(a.geom, b.geom)) END AS point
            FROM roads a
            JOIN roads b ON a.name < b.name AND ST_DWithin(a.geom, b.geom, 0.0002)) pairs
   ORDER BY road, cross_road, crosses DESC, a_id, b_id
  ON CONFLICT (name, kind) DO NOTHING;
  GET DIAGNOSTICS crossings = ROW_COUNT;
  RETURN crossings;
END
$$;

-- A database upgraded with roads already in it gets its intersections now.
SELECT gazetteer_refresh();

-- Gazetteer imports run on the node that received the file; their progress
-- lives here so that any node can answer a progress request.
CREATE TABLE gazetteer_imports (
  id            bigserial PRIMARY KEY,
  format        text NOT NULL,
  status        text NOT NULL DEFAULT 'running',
  total         integer NOT NULL DEFAULT 0,
  done          integer NOT NULL DEFAULT 0,
  failed        integer NOT NULL DEFAULT 0,
  -- The first rows that failed, [{row, message}], capped by the importer.
  errors        jsonb NOT NULL DEFAULT '[]'::jsonb,
  message       text,
  created_by    integer REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  CONSTRAINT gazetteer_imports_format_check CHECK (format IN ('csv', 'geojson')),
  CONSTRAINT gazetteer_imports_status_check CHECK (status IN ('running', 'done', 'failed'))
);

-- Down Migration
DROP TABLE gazetteer_imports;
DROP FUNCTION gazetteer_refresh();
DROP TRIGGER gazetteer_entries_names_sync ON gazetteer_entries;
DROP FUNCTION gazetteer_names_sync();
DROP TABLE gazetteer_names;
DROP INDEX roads_name_idx;
DELETE FROM gazetteer_entries WHERE kind IN ('intersection', 'house_number');
ALTER TABLE gazetteer_entries
  DROP CONSTRAINT gazetteer_entries_intersection_check,
  DROP CONSTRAINT gazetteer_entries_house_number_check,
  DROP CONSTRAINT gazetteer_entries_source_check,
  DROP COLUMN updated_at,
  DROP COLUMN import_id,
  DROP COLUMN source,
  DROP COLUMN house_label,
  DROP COLUMN house_number,
  DROP COLUMN cross_road,
  DROP COLUMN road,
  DROP COLUMN aliases;
ALTER TABLE gazetteer_entries DROP CONSTRAINT gazetteer_entries_kind_check;
ALTER TABLE gazetteer_entries
  ADD CONSTRAINT gazetteer_entries_kind_check CHECK (kind IN ('road', 'landmark', 'community', 'sub_district'));
