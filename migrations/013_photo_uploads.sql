-- Up Migration
-- Resumable photo uploads (shared/src/uploads.ts, docs/lifecycle.md): a phone
-- on a weak mobile link sends a photo in chunks and, after a dropped
-- connection, carries on from the offset the server holds. The chunks are
-- kept in the database, like the photos themselves, so that any node (and
-- the embedded mode) can take the next chunk: no shared disk.

-- When and where the photo was taken, as the phone recorded it.
ALTER TABLE case_photos
  ADD COLUMN taken_at             timestamptz,
  ADD COLUMN position             geography(Point, 4326),
  ADD COLUMN position_accuracy_m  double precision;

CREATE TABLE photo_uploads (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id              bigint NOT NULL REFERENCES cases (id),
  size                 integer NOT NULL,
  sha256               text NOT NULL,
  content_type         text NOT NULL,
  taken_at             timestamptz,
  position             geography(Point, 4326),
  position_accuracy_m  double precision,
  -- Bytes received so far: the offset the next chunk must start at.
  received             integer NOT NULL DEFAULT 0,
  -- Set when the last byte arrived and the photo was verified and stored.
  photo_id             bigint REFERENCES case_photos (id),
  created_by           integer NOT NULL REFERENCES users (id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  -- Moved on by every chunk; past it the upload is deleted (lazily, by the next one to start).
  expires_at           timestamptz NOT NULL,
  CONSTRAINT photo_uploads_size_check CHECK (size BETWEEN 1 AND 8388608),
  CONSTRAINT photo_uploads_received_check CHECK (received BETWEEN 0 AND size),
  CONSTRAINT photo_uploads_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  CONSTRAINT photo_uploads_complete_check CHECK (photo_id IS NULL OR received = size)
);
-- One unfinished upload per photo and case: a phone that lost its upload id
-- and announces the same bytes again resumes it rather than starting a second.
CREATE UNIQUE INDEX photo_uploads_one_open ON photo_uploads (case_id, sha256) WHERE photo_id IS NULL;
CREATE INDEX photo_uploads_expires_idx ON photo_uploads (expires_at);

CREATE TABLE photo_upload_chunks (
  upload_id     uuid NOT NULL REFERENCES photo_uploads (id) ON DELETE CASCADE,
  start_offset  integer NOT NULL,
  bytes         bytea NOT NULL,
  CONSTRAINT photo_upload_chunks_pkey PRIMARY KEY (upload_id, start_offset)
);

-- Down Migration
DROP TABLE photo_upload_chunks;
DROP TABLE photo_uploads;
ALTER TABLE case_photos
  DROP COLUMN position_accuracy_m,
  DROP COLUMN position,
  DROP COLUMN taken_at;
