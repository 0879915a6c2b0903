-- Up Migration
-- A filing sent with an Idempotency-Key keeps the key on the case, in the
-- filing's own transaction. The idempotency store answers repeats, but it
-- stores the answer after the commit: a node that dies in between leaves the
-- claim to be taken over, and the retry would file a second case. With the key
-- on the case the retry finds the first one instead.
ALTER TABLE cases ADD COLUMN filing_key uuid;
CREATE UNIQUE INDEX cases_filing_key_idx ON cases (created_by, filing_key) WHERE filing_key IS NOT NULL;

-- Down Migration
DROP INDEX cases_filing_key_idx;
ALTER TABLE cases DROP COLUMN filing_key;
