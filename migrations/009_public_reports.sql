-- Up Migration

-- A case filed through the citizen web form (网上举报) and the hash of its
-- private tracking token. The token itself is shown to the citizen once and
-- never stored: a leaked database does not let anyone follow a case.
CREATE TABLE public_reports (
  case_id     bigint NOT NULL,
  token_hash  bytea NOT NULL,
  -- Where the case's point came from: 'pin', 'photo' (EXIF GPS) or 'address'; NULL if not placed.
  located_by  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT public_reports_pkey PRIMARY KEY (case_id),
  CONSTRAINT public_reports_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT public_reports_token_hash_key UNIQUE (token_hash),
  CONSTRAINT public_reports_located_by_check CHECK (located_by IN ('pin', 'photo', 'address'))
);

-- Proof-of-work challenges already spent: each is accepted once, on any node.
-- Rows are useless after the challenge expires and are deleted as new ones arrive.
CREATE TABLE public_challenges_used (
  challenge_id  text NOT NULL,
  expires_at    timestamptz NOT NULL,
  CONSTRAINT public_challenges_used_pkey PRIMARY KEY (challenge_id)
);
CREATE INDEX public_challenges_used_expires_at_idx ON public_challenges_used (expires_at);

-- A citizen's photos have no uploading user.
ALTER TABLE case_photos ALTER COLUMN uploaded_by DROP NOT NULL;

-- Down Migration
DELETE FROM case_photos WHERE uploaded_by IS NULL;
ALTER TABLE case_photos ALTER COLUMN uploaded_by SET NOT NULL;
DROP TABLE public_challenges_used;
DROP TABLE public_reports;
