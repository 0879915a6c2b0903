-- Up Migration
-- The merchant registry and "one card, four colours" (一卡四色), see
-- docs/merchants.md. A merchant's grade is a cached fact derived from its
-- violation records by the rules in shared/src/merchant-grades.ts; every change
-- of it is a merchant_grade_events row with its reason, so the history (and the
-- KPIs over it) never depend on the cache.

CREATE TABLE merchants (
  id                      serial PRIMARY KEY,
  -- 店名 / 摊位名: what the sign or the stall says.
  name                    text NOT NULL,
  -- 'shop' (门店) or 'street_vendor' (流动摊贩).
  kind                    text NOT NULL,
  operator_name           text,
  operator_phone          text,
  -- 经营类型: 餐饮, 水果, 百货 … (free text; the bureau's own words).
  business_type           text,
  -- 门头: the storefront as surveyed, and a photo of it.
  storefront_description  text,
  storefront_photo        bytea,
  storefront_photo_type   text,
  -- 经营工具: cart, tricycle, tables, awning …
  business_tools          text,
  address                 text,
  location                geometry(Point, 4326) NOT NULL,
  sub_district_id         integer REFERENCES sub_districts (id),
  -- The responsibility grid (zones.kind = 'grid') the merchant stands in.
  grid_zone_id            integer REFERENCES zones (id) ON DELETE SET NULL,
  -- 温馨提示卡: when and by whom the reminder card was handed over.
  card_issued_on          date,
  card_issued_by          text,
  grade                   text NOT NULL DEFAULT 'blue',
  grade_since             timestamptz NOT NULL DEFAULT now(),
  -- Who registered it (an import job leaves its id in import_id).
  created_by              integer REFERENCES users (id),
  import_id               bigint,
  active                  boolean NOT NULL DEFAULT true,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT merchants_kind_check CHECK (kind IN ('shop', 'street_vendor')),
  CONSTRAINT merchants_grade_check CHECK (grade IN ('blue', 'yellow', 'orange', 'red')),
  CONSTRAINT merchants_photo_type_check CHECK ((storefront_photo IS NULL) = (storefront_photo_type IS NULL))
);
CREATE INDEX merchants_location_idx ON merchants USING gist (location);
CREATE INDEX merchants_grade_idx ON merchants (grade);
CREATE INDEX merchants_sub_district_idx ON merchants (sub_district_id);
-- Search by name, operator, phone or address: one trigram index over all four.
CREATE INDEX merchants_search_trgm_idx ON merchants USING gin (
  (coalesce(name, '') || ' ' || coalesce(operator_name, '') || ' ' || coalesce(operator_phone, '') || ' ' ||
   coalesce(address, '')) gin_trgm_ops);

-- A confirmed violation: a case about the merchant closed as confirmed (or,
-- later, entered by hand with a case). violation_type is a category code.
CREATE TABLE merchant_violations (
  id              bigserial PRIMARY KEY,
  merchant_id     integer NOT NULL REFERENCES merchants (id),
  case_id         bigint REFERENCES cases (id),
  violation_type  text NOT NULL,
  -- Photo ids (case_photos) that prove it, as the closing step saw them.
  evidence        jsonb NOT NULL DEFAULT '[]'::jsonb,
  note            text,
  occurred_at     timestamptz NOT NULL DEFAULT now(),
  recorded_by     integer REFERENCES users (id)
);
CREATE INDEX merchant_violations_merchant_idx ON merchant_violations (merchant_id, occurred_at);
-- One case, one record: a case is about one merchant, and its violation is recorded once.
CREATE UNIQUE INDEX merchant_violations_one_per_case ON merchant_violations (case_id) WHERE case_id IS NOT NULL;

-- Every grade change, with its reason. seq orders them district-wide, so a
-- screen can keep the newest it has seen per merchant.
CREATE TABLE merchant_grade_events (
  seq             bigserial PRIMARY KEY,
  merchant_id     integer NOT NULL REFERENCES merchants (id),
  from_grade      text,
  to_grade        text NOT NULL,
  -- 'registered' | 'first_violation' | 'repeat_violation' | 'uncorrected' | 'clean_period' | 'manual'
  reason          text NOT NULL,
  violation_id    bigint REFERENCES merchant_violations (id),
  case_id         bigint REFERENCES cases (id),
  actor_id        integer REFERENCES users (id),
  detail          jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX merchant_grade_events_merchant_idx ON merchant_grade_events (merchant_id, seq);
CREATE INDEX merchant_grade_events_created_idx ON merchant_grade_events (created_at);

-- Registry imports run on the node that received the file; their progress
-- and per-row errors live here so any node can answer.
CREATE TABLE merchant_imports (
  id            bigserial PRIMARY KEY,
  format        text NOT NULL,
  status        text NOT NULL DEFAULT 'running',
  total         integer NOT NULL DEFAULT 0,
  done          integer NOT NULL DEFAULT 0,
  failed        integer NOT NULL DEFAULT 0,
  -- Every failed row: [{row, field, message}] (the per-row error report).
  errors        jsonb NOT NULL DEFAULT '[]'::jsonb,
  message       text,
  created_by    integer REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  CONSTRAINT merchant_imports_format_check CHECK (format IN ('csv', 'xlsx')),
  CONSTRAINT merchant_imports_status_check CHECK (status IN ('running', 'done', 'failed'))
);
ALTER TABLE merchants ADD CONSTRAINT merchants_import_fk FOREIGN KEY (import_id) REFERENCES merchant_imports (id);

-- The registered merchant a case is about (linked by a dispatcher or the squad).
ALTER TABLE cases ADD COLUMN merchant_id integer REFERENCES merchants (id);
CREATE INDEX cases_merchant_idx ON cases (merchant_id) WHERE merchant_id IS NOT NULL;

-- Down Migration
DROP INDEX cases_merchant_idx;
ALTER TABLE cases DROP COLUMN merchant_id;
ALTER TABLE merchants DROP CONSTRAINT merchants_import_fk;
DROP TABLE merchant_imports;
DROP TABLE merchant_grade_events;
DROP TABLE merchant_violations;
DROP TABLE merchants;
