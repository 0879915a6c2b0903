-- Up Migration
-- Areas the wall screen draws over the district: designated vending points and
-- night markets (疏导点, 夜市经营区域), temporary control areas (庙会 …) and
-- responsibility grids (网格). Opening hours, validity, grid ownership and
-- editing come with the merchant registry and zones work; the skeleton stores
-- and shows them.
CREATE TABLE zones (
  id          serial PRIMARY KEY,
  kind        text NOT NULL,
  name        text NOT NULL,
  geom        geometry(MultiPolygon, 4326) NOT NULL,
  CONSTRAINT zones_kind_check CHECK (kind IN ('vending', 'night_market', 'control', 'grid')),
  CONSTRAINT zones_kind_name_key UNIQUE (kind, name)
);
CREATE INDEX zones_geom_idx ON zones USING gist (geom);

-- Down Migration
DROP TABLE zones;
