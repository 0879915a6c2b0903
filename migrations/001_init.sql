-- Up Migration
-- The walking skeleton's schema. SQL here runs on PostgreSQL 15 + PostGIS 3.3
-- (production) and on PGlite's PostgreSQL 18 + PostGIS 3.6 (embedded): keep to
-- what both have, and do not rely on LISTEN/NOTIFY, advisory locks or session state.

CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Administrative geography of the district ---------------------------------

CREATE TABLE sub_districts (
  id          serial PRIMARY KEY,
  code        text NOT NULL,
  name        text NOT NULL,
  geom        geometry(MultiPolygon, 4326) NOT NULL,
  CONSTRAINT sub_districts_code_key UNIQUE (code)
);
CREATE INDEX sub_districts_geom_idx ON sub_districts USING gist (geom);

CREATE TABLE roads (
  id          serial PRIMARY KEY,
  name        text NOT NULL,
  class       text NOT NULL DEFAULT 'main',
  geom        geometry(MultiLineString, 4326) NOT NULL
);
CREATE INDEX roads_geom_idx ON roads USING gist (geom);

-- Names a free-text address can be matched against. `point` is where a match
-- puts the pin (a road's midpoint, a landmark's entrance).
CREATE TABLE gazetteer_entries (
  id          serial PRIMARY KEY,
  name        text NOT NULL,
  kind        text NOT NULL,
  point       geometry(Point, 4326) NOT NULL,
  CONSTRAINT gazetteer_entries_kind_check CHECK (kind IN ('road', 'landmark', 'community', 'sub_district')),
  CONSTRAINT gazetteer_entries_name_kind_key UNIQUE (name, kind)
);
CREATE INDEX gazetteer_entries_name_trgm_idx ON gazetteer_entries USING gin (name gin_trgm_ops);

CREATE TABLE categories (
  code          text PRIMARY KEY,
  parent_code   text REFERENCES categories (code),
  name          text NOT NULL,
  name_en       text NOT NULL,
  priority      smallint NOT NULL DEFAULT 3,
  CONSTRAINT categories_priority_check CHECK (priority BETWEEN 1 AND 4)
);

-- Dispatchable teams: enforcement squads and the other kinds the bureau integrates.
CREATE TABLE squads (
  id              serial PRIMARY KEY,
  code            text NOT NULL,
  name            text NOT NULL,
  kind            text NOT NULL,
  status          text NOT NULL DEFAULT 'available',
  position        geography(Point, 4326),
  position_at     timestamptz,
  sub_district_id integer REFERENCES sub_districts (id),
  CONSTRAINT squads_code_key UNIQUE (code),
  CONSTRAINT squads_kind_check CHECK (kind IN ('enforcement', 'inspector', 'sanitation', 'street_assistant', 'volunteer')),
  CONSTRAINT squads_status_check CHECK (status IN ('available', 'busy', 'on_break', 'off_duty'))
);
-- KNN over geography: ORDER BY position <-> $point uses this index and ranks by metres.
CREATE INDEX squads_position_idx ON squads USING gist (position);

-- People and sessions -------------------------------------------------------

CREATE TABLE users (
  id             serial PRIMARY KEY,
  username       text NOT NULL,
  display_name   text NOT NULL,
  password_hash  text NOT NULL,
  role           text NOT NULL,
  squad_id       integer REFERENCES squads (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_username_key UNIQUE (username),
  CONSTRAINT users_role_check CHECK (role IN ('dispatcher', 'squad_member', 'supervisor', 'intake_clerk', 'admin')),
  CONSTRAINT users_squad_member_has_squad CHECK ((role = 'squad_member') = (squad_id IS NOT NULL))
);

-- Opaque bearer tokens; only their SHA-256 is stored, so a leaked table
-- cannot be replayed. Shared by every node through the database.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

-- Cases and their append-only event log --------------------------------------

CREATE SEQUENCE case_number_seq;

CREATE TABLE cases (
  id                 bigserial PRIMARY KEY,
  case_no            text NOT NULL,
  channel            text NOT NULL,
  category_code      text REFERENCES categories (code),
  description        text NOT NULL,
  address            text,
  location           geometry(Point, 4326),
  location_source    text,
  location_match     text,
  status             text NOT NULL DEFAULT 'received',
  priority           smallint NOT NULL DEFAULT 3,
  complainant_name   text,
  complainant_phone  text,
  squad_id           integer REFERENCES squads (id),
  sub_district_id    integer REFERENCES sub_districts (id),
  created_by         integer REFERENCES users (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  -- seq of the latest case_events row about this case: clients compare it to
  -- skip a snapshot older than one they already hold.
  last_seq           bigint NOT NULL DEFAULT 0,
  CONSTRAINT cases_case_no_key UNIQUE (case_no),
  CONSTRAINT cases_channel_check CHECK (channel IN ('hotline', 'web', 'letter_visit', 'patrol')),
  CONSTRAINT cases_location_source_check CHECK (
    (location IS NULL AND location_source IS NULL)
    OR location_source IN ('point', 'gazetteer', 'manual')),
  CONSTRAINT cases_priority_check CHECK (priority BETWEEN 1 AND 4)
);
CREATE INDEX cases_status_idx ON cases (status);
CREATE INDEX cases_squad_id_idx ON cases (squad_id);
CREATE INDEX cases_location_idx ON cases USING gist (location);

-- Every state change of a case is one row here, written in the same
-- transaction as the change. seq is the global order clients resync by.
CREATE TABLE case_events (
  seq           bigserial PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases (id),
  type          text NOT NULL,
  actor_id      integer REFERENCES users (id),
  from_status   text,
  to_status     text,
  squad_id      integer REFERENCES squads (id),
  detail        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_events_case_id_idx ON case_events (case_id, seq);
CREATE INDEX case_events_squad_id_idx ON case_events (squad_id, seq);

-- Who was sent to a case. At most one assignment per case is live at a time.
CREATE TABLE assignments (
  id            bigserial PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases (id),
  squad_id      integer NOT NULL REFERENCES squads (id),
  assigned_by   integer NOT NULL REFERENCES users (id),
  status        text NOT NULL DEFAULT 'assigned',
  distance_m    double precision,
  created_at    timestamptz NOT NULL DEFAULT now(),
  accepted_at   timestamptz,
  finished_at   timestamptz,
  CONSTRAINT assignments_status_check CHECK (status IN ('assigned', 'accepted', 'disposed', 'withdrawn'))
);
CREATE UNIQUE INDEX assignments_one_live_per_case ON assignments (case_id) WHERE status IN ('assigned', 'accepted');

-- Small key/value facts every node must agree on (e.g. when the demo simulator
-- last reported in, so every wall screen can say DEMO).
CREATE TABLE system_state (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE system_state;
DROP TABLE assignments;
DROP TABLE case_events;
DROP TABLE cases;
DROP SEQUENCE case_number_seq;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE squads;
DROP TABLE categories;
DROP TABLE gazetteer_entries;
DROP TABLE roads;
DROP TABLE sub_districts;
