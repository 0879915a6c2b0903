-- Up Migration
-- Possible duplicates: a new case near an open case of the same category,
-- within the category's radius and time window, is flagged for the
-- dispatcher, who merges it with one click or leaves it.
ALTER TABLE categories
  ADD COLUMN duplicate_radius_m integer NOT NULL DEFAULT 150,
  ADD COLUMN duplicate_window_hours integer NOT NULL DEFAULT 72,
  ADD CONSTRAINT categories_duplicate_radius_check CHECK (duplicate_radius_m BETWEEN 0 AND 5000),
  ADD CONSTRAINT categories_duplicate_window_check CHECK (duplicate_window_hours BETWEEN 0 AND 720);

CREATE TABLE case_duplicate_candidates (
  case_id       bigint NOT NULL REFERENCES cases (id),
  candidate_id  bigint NOT NULL REFERENCES cases (id),
  distance_m    double precision NOT NULL,
  PRIMARY KEY (case_id, candidate_id)
);

-- Down Migration
DROP TABLE case_duplicate_candidates;
ALTER TABLE categories
  DROP CONSTRAINT categories_duplicate_window_check,
  DROP CONSTRAINT categories_duplicate_radius_check,
  DROP COLUMN duplicate_window_hours,
  DROP COLUMN duplicate_radius_m;
